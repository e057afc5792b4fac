import { createMockIntegrationLogger } from '@jupiterone/integration-sdk-testing';
import { Progress } from './progress';

test('logs at most once per interval, with the count and total', () => {
  jest.useFakeTimers();
  jest.setSystemTime(0);
  const logger = createMockIntegrationLogger();
  const info = jest.spyOn(logger, 'info');
  const progress = new Progress(logger, 'users read', () => 1000, 5000);

  progress.add(100);
  jest.setSystemTime(4999);
  progress.add(100);
  expect(info).not.toHaveBeenCalled();

  jest.setSystemTime(5000);
  progress.add(100);
  jest.setSystemTime(6000);
  progress.add(100);
  expect(info).toHaveBeenCalledTimes(1);
  expect(info).toHaveBeenCalledWith(
    { progress: 300, total: 1000 },
    '300 of 1000 users read so far',
  );
  expect(progress.value).toBe(400);
  jest.useRealTimers();
});
