process.env.ENABLE_GRAPH_OBJECT_SCHEMA_VALIDATION = 'true';
// Retries against the simulator need not wait like they would on JumpCloud.
process.env.JUMPCLOUD_RETRY_BASE_DELAY_MS = '5';
process.env.JUMPCLOUD_RETRY_MAX_DELAY_MS = '200';
