module.exports = {
  ...require('@jupiterone/integration-sdk-dev-tools/config/jest'),
  // Schema validation is on in collect; switch it on here so tests fail the way production would.
  setupFiles: ['<rootDir>/jest.env.js'],
  testTimeout: 30000,
};
