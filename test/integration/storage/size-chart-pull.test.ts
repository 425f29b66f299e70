import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SizeChartRepository } from '../../../src/main/sizes/size-chart-repository.js';
import { SyncError } from '../../../src/main/storage/sync/errors.js';
import { S3ObjectStore } from '../../../src/main/storage/sync/s3-object-store.js';
import { SizeChartPull } from '../../../src/main/storage/sync/size-chart-pull.js';
import { makeTempDatabase, type TempDatabase } from '../../factories/database.js';
import { startServiceWithSync } from '../../fixtures/sync/service-with-sync.js';
import { waitFor } from '../../helpers/wait-for.js';
import { startTestS3Server, type TestS3Server } from '../../helpers/s3-server.js';
import { handMadeChart } from '../../unit/sizes/chart-factory.js';

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

describe('pulling head office size charts from the bucket', () => {
  let server: TestS3Server;
  let database: TempDatabase;
  let store: S3ObjectStore;

  beforeAll(async () => {
    server = await startTestS3Server();
  });
  afterEach(async () => {
    await server.start();
    store.close();
    database.cleanUp();
  });
  afterAll(async () => server?.close());

  async function setUp(): Promise<{ bucket: string; charts: SizeChartRepository; pull: SizeChartPull }> {
    const bucket = await server.createBucket();
    database = makeTempDatabase();
    store = new S3ObjectStore(
      { endpoint: server.endpoint, region: server.region, accessKey: server.accessKey, secretKey: server.secretKey, bucket },
      { requestTimeoutMs: 5_000 },
    );
    const charts = new SizeChartRepository(database.db);
    return { bucket, charts, pull: new SizeChartPull({ store, charts, log: pino({ level: 'silent' }) }) };
  }

  it('stores new charts (JSON and CSV) as central, skips invalid ones with the reason, and ignores other prefixes', async () => {
    const { bucket, charts, pull } = await setUp();
    await server.put(bucket, 'size-charts/test-tops.json', json(handMadeChart()));
    await server.put(
      bucket,
      'size-charts/csv-tops.csv',
      Buffer.from(
        '# id: csv-tops\n# version: 2\n# brand: HQ\n# name: HQ tops\n# category: tops\n# gender_line: men\n# label_system: international\n# source: Head office.\nsize,chest_min_cm,chest_max_cm\nM,92,100\nL,100,108\n',
      ),
    );
    await server.put(bucket, 'size-charts/broken.json', json({ ...handMadeChart({ id: 'broken' }), gender: 'men' }));
    await server.put(bucket, 'avatars/someone/x/avatar.json', json({}));

    const result = await pull.pullOnce();
    expect(result.stored.sort()).toEqual(['csv-tops', 'test-tops']);
    expect(result.rejected).toEqual([
      { key: 'size-charts/broken.json', code: 'invalid_chart', message: expect.stringMatching(/unknown field\(s\) gender/) as string },
    ]);
    expect(charts.get('test-tops')).toMatchObject({ origin: 'central', chart: { version: 1 } });
    expect(charts.get('csv-tops')).toMatchObject({ origin: 'central', chart: { version: 2, sizes: [{ label: 'M' }, { label: 'L' }] } });
    expect(charts.get('broken')).toBeNull();

    // A second pull changes nothing.
    expect(await pull.pullOnce()).toMatchObject({ stored: [], unchanged: ['csv-tops', 'test-tops'] });
  });

  it('skips an object too large to be a chart and stores the charts after it', async () => {
    const { bucket, charts, pull } = await setUp();
    await server.put(bucket, 'size-charts/000-junk.json', Buffer.alloc(1024 * 1024 + 1, 0x20));
    await server.put(bucket, 'size-charts/test-tops.json', json(handMadeChart()));

    const result = await pull.pullOnce();
    expect(result.stored).toEqual(['test-tops']);
    expect(result.rejected).toEqual([
      { key: 'size-charts/000-junk.json', code: 'object_error', message: expect.stringMatching(/larger than/) as string },
    ]);
    expect(charts.get('test-tops')).toMatchObject({ origin: 'central' });
  });

  it("keeps the kiosk's own chart unless head office has a newer version of the same id", async () => {
    const { bucket, charts, pull } = await setUp();
    charts.put(handMadeChart({ version: 3, name: 'Ours' }), 'local');
    charts.put(handMadeChart({ id: 'older-here', version: 1, name: 'Ours too' }), 'local');
    await server.put(bucket, 'size-charts/test-tops.json', json(handMadeChart({ version: 3, name: 'Head office' })));
    await server.put(bucket, 'size-charts/older-here.json', json(handMadeChart({ id: 'older-here', version: 2, name: 'Head office' })));

    const result = await pull.pullOnce();
    expect(result).toMatchObject({ stored: ['older-here'], unchanged: ['test-tops'] });
    expect(charts.get('test-tops')).toMatchObject({ origin: 'local', chart: { version: 3, name: 'Ours' } });
    expect(charts.get('older-here')).toMatchObject({ origin: 'central', chart: { version: 2, name: 'Head office' } });
  });

  it('offline: the pull fails with the sync error and the charts pulled before stay usable', async () => {
    const { bucket, charts, pull } = await setUp();
    await server.put(bucket, 'size-charts/test-tops.json', json(handMadeChart()));
    await pull.pullOnce();
    await server.stop();
    const failure = await pull.pullOnce().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SyncError);
    expect((failure as SyncError).scope).toBe('endpoint');
    expect(charts.get('test-tops')).toMatchObject({ origin: 'central', chart: { id: 'test-tops' } });
  });

  it('a kiosk started with sync has the shipped charts and pulls head office charts at start', async () => {
    const { bucket } = await setUp();
    await server.put(bucket, 'size-charts/hq-tops.json', json(handMadeChart({ id: 'hq-tops', name: 'HQ tops' })));
    const kiosk = await startServiceWithSync({ s3: { server, bucket } });
    try {
      expect(kiosk.service.sizeCharts.get('generic-men-tops')).toMatchObject({ origin: 'shipped' });
      const pulled = await waitFor(() => kiosk.service.sizeCharts.get('hq-tops') ?? undefined, 15_000, 'the head office chart');
      expect(pulled).toMatchObject({ origin: 'central', chart: { name: 'HQ tops' } });
    } finally {
      await kiosk.close();
    }
  });
});
