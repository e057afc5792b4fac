process.env.ENABLE_GRAPH_OBJECT_SCHEMA_VALIDATION = 'true';
// Retries against the simulator need not wait like they would on JumpCloud.
process.env.JUMPCLOUD_RETRY_BASE_DELAY_MS = '5';
process.env.JUMPCLOUD_RETRY_MAX_DELAY_MS = '200';
// The SDK runtime loads aws-sdk v2, whose end-of-support notice would
// otherwise be printed by every test file and collector process.
process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = '1';
