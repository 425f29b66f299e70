import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../../src/main/metrics.js';

describe('createMetrics', () => {
  it('uses its own registry, so two instances do not collide', async () => {
    const a = createMetrics({ processMetrics: false });
    const b = createMetrics({ processMetrics: false });
    a.jobsCreatedTotal.inc();
    expect(await a.registry.getSingleMetricAsString('perfit_jobs_created_total')).toMatch(/perfit_jobs_created_total 1$/m);
    expect(await b.registry.getSingleMetricAsString('perfit_jobs_created_total')).toMatch(/perfit_jobs_created_total 0$/m);
  });

  it('reads queue depth and storage use at scrape time', async () => {
    let pending = 3;
    const metrics = createMetrics({
      processMetrics: false,
      queue: { counts: () => ({ pending, processing: 1, completed: 10, failed: 2 }) },
      storage: { usedBytes: () => ({ avatars: 1000, uploads: 50 }) },
    });
    let text = await metrics.registry.metrics();
    expect(text).toMatch(/^perfit_queue_depth\{status="pending"\} 3$/m);
    expect(text).toMatch(/^perfit_queue_depth\{status="processing"\} 1$/m);
    expect(text).toMatch(/^perfit_storage_bytes\{area="avatars"\} 1000$/m);
    pending = 0;
    text = await metrics.registry.metrics();
    expect(text).toMatch(/^perfit_queue_depth\{status="pending"\} 0$/m);
  });

  it('records job outcomes and stage durations with their labels, and process metrics by default', async () => {
    const metrics = createMetrics();
    metrics.jobsFailedTotal.inc({ code: 'no_person' });
    metrics.jobDurationSeconds.observe({ stage: 'total' }, 4.2);
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/^perfit_jobs_failed_total\{code="no_person"\} 1$/m);
    expect(text).toMatch(/^perfit_job_duration_seconds_count\{stage="total"\} 1$/m);
    expect(text).toContain('perfit_process_cpu_user_seconds_total');
  });

  it('reads the sync state at scrape time, including whether it is off', async () => {
    let summary = {
      enabled: true,
      online: false as boolean | null,
      queue: { length: 12 },
      avatars: { pending: 3, synced: 40, failed: 1, disabled: 0 },
    };
    const metrics = createMetrics({ processMetrics: false, sync: { summary: () => summary } });
    let text = await metrics.registry.metrics();
    expect(text).toMatch(/^perfit_sync_outbox_length 12$/m);
    expect(text).toMatch(/^perfit_sync_status\{status="offline"\} 1$/m);
    expect(text).toMatch(/^perfit_sync_status\{status="online"\} 0$/m);
    expect(text).toMatch(/^perfit_sync_avatars\{state="synced"\} 40$/m);
    summary = { ...summary, online: true, queue: { length: 0 } };
    text = await metrics.registry.metrics();
    expect(text).toMatch(/^perfit_sync_outbox_length 0$/m);
    expect(text).toMatch(/^perfit_sync_status\{status="online"\} 1$/m);
    expect(text).toMatch(/^perfit_sync_status\{status="offline"\} 0$/m);
    const off = createMetrics({ processMetrics: false, sync: { summary: () => ({ ...summary, enabled: false, online: null }) } });
    expect(await off.registry.metrics()).toMatch(/^perfit_sync_status\{status="off"\} 1$/m);
  });
});
