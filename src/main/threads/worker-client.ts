import type { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type * as z from 'zod';
import { snakeCaseKeys } from '../log-keys.js';
import { serviceWorkerOptions, type WorkerFactory } from './worker-factory.js';

/** Why a request to a worker could not be answered, independent of what the worker does. */
export type WorkerFailure = 'unavailable' | 'crashed' | 'timeout' | 'closed' | 'busy';

/** What the host makes of one message from the worker. */
export type WorkerEvent<Result> =
  | { kind: 'ready'; fields: Record<string, unknown> }
  | { kind: 'init_failed'; message: string }
  | { kind: 'answer'; id: number; result: Result }
  | { kind: 'refusal'; id: number; error: Error };

export interface WorkerClientOptions<FromWorker, Result> {
  /** Names the worker in logs and messages: `face-check`, `capture-check`. */
  name: string;
  workerFactory: WorkerFactory;
  /** Given to every worker this client starts (its `workerData`). */
  workerData?: unknown;
  /**
   * Given instead to a worker that a request starts (after an idle stop or a crash), not `ready()`:
   * that request waits for the load, so a load that warms up ahead of requests would only delay it.
   */
  workerDataForRequest?: unknown;
  log?: Logger;
  /** Longest one request may run in the worker, counted from when the worker gets it. */
  timeoutMs: number;
  /** Requests waiting for the worker beyond this are refused at once (`busy`). */
  maxQueued?: number;
  /**
   * A loaded worker left without requests this long is stopped, giving back its memory (a thread
   * with Human's networks loaded holds memory that only ending the thread returns); the next request
   * starts a new one. Unset: the worker stays until closed.
   */
  idleReleaseMs?: number;
  /** Every message from the worker is parsed with this before it is trusted. */
  messageSchema: z.ZodType<FromWorker>;
  classify(message: FromWorker): WorkerEvent<Result>;
  /** The domain's error (with its stable code) for a failure of the thread itself. */
  failure(kind: WorkerFailure, message: string): Error;
}

interface Queued<Result> {
  id: number;
  message: unknown;
  transfer: ArrayBuffer[];
  resolve(result: Result): void;
  reject(error: Error): void;
}

interface Running {
  worker: Worker;
  ready: Promise<void>;
  settleReady(error?: Error): void;
  isReady: boolean;
}

/**
 * The host side of a request/answer worker thread (the face check, the capture check): starts the
 * worker on the first request, hands it one request at a time so that each request's deadline
 * counts its own work (not the queue in front of it), and drops a worker that dies or gets stuck
 * (its request fails; waiting requests go to a fresh worker). A worker that cannot load fails every
 * waiting request, and the next request tries again. Hand-written: worker pools on npm (piscina,
 * workerpool) own their threads' entry points, which the Electron build's `?nodeWorker` factories do.
 */
export class WorkerClient<FromWorker, Result> {
  private readonly queue: Array<Queued<Result>> = [];
  private inFlight: { request: Queued<Result>; timer: NodeJS.Timeout } | null = null;
  private current: Running | null = null;
  private nextId = 0;
  private closed = false;
  /** The last worker loaded, and if it is gone, only the idle release stopped it: the next request loads one again. */
  private loadedBefore = false;
  private idleTimer: NodeJS.Timeout | null = null;
  private readonly log: Logger | undefined;

  constructor(private readonly options: WorkerClientOptions<FromWorker, Result>) {
    this.log = options.log?.child({ component: options.name });
  }

  /** Starts the worker (if needed) and resolves once it has loaded. */
  async ready(): Promise<void> {
    await this.start('ahead').ready;
  }

  /** Loaded, or stopped while idle after loading (the next request loads it again). */
  isReady(): boolean {
    if (this.closed) return false;
    return this.current ? this.current.isReady : this.loadedBefore;
  }

  /**
   * Sends `build(id)` to the worker when it is free; the ArrayBuffers in `transfer` are moved, not
   * copied. An `urgent` request goes before the waiting ones and is never refused as busy.
   */
  request(build: (id: number) => { message: unknown; transfer?: ArrayBuffer[] }, options: { urgent?: boolean } = {}): Promise<Result> {
    if (this.closed) return Promise.reject(this.options.failure('closed', `The ${this.options.name} worker is closed`));
    const maxQueued = this.options.maxQueued ?? Number.POSITIVE_INFINITY;
    if (!options.urgent && this.queue.length >= maxQueued) {
      return Promise.reject(
        this.options.failure('busy', `The ${this.options.name} worker has ${this.queue.length} requests waiting; try again shortly`),
      );
    }
    const id = this.nextId++;
    const { message, transfer = [] } = build(id);
    return new Promise<Result>((resolve, reject) => {
      const request = { id, message, transfer, resolve, reject };
      if (options.urgent) this.queue.unshift(request);
      else this.queue.push(request);
      this.start('for_request');
      this.pump();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.clearIdleTimer();
    const error = this.options.failure('closed', `The ${this.options.name} worker was closed before the request finished`);
    this.failAll(error);
    const running = this.current;
    this.current = null;
    if (running) {
      running.settleReady(error);
      await running.worker.terminate();
    }
  }

  private start(why: 'ahead' | 'for_request'): Running {
    if (this.closed) throw this.options.failure('closed', `The ${this.options.name} worker is closed`);
    this.clearIdleTimer();
    if (this.current) return this.current;
    const { workerData, workerDataForRequest } = this.options;
    const data = why === 'for_request' && workerDataForRequest !== undefined ? workerDataForRequest : workerData;
    const worker = this.options.workerFactory(serviceWorkerOptions(data));
    let settle: (error?: Error) => void = () => undefined;
    const ready = new Promise<void>((resolve, reject) => {
      settle = (error) => (error ? reject(error) : resolve());
    });
    // A caller that only sends requests may never await ready(); failures reach it through request().
    ready.catch(() => undefined);
    const running: Running = { worker, ready, settleReady: (error) => settle(error), isReady: false };
    this.current = running;
    worker.on('message', (raw: unknown) => this.onMessage(running, raw));
    worker.on('error', (error) => this.log?.error({ err: error }, `${this.options.name} worker error`));
    worker.on('exit', (code) => {
      // A worker this client stopped itself (closed, stuck, failed to load) is not a crash.
      if (this.current !== running) return;
      this.log?.error({ exit_code: code, waiting: this.queue.length }, `${this.options.name} worker exited`);
      this.drop(
        running,
        this.options.failure('crashed', `The ${this.options.name} worker stopped unexpectedly (exit code ${code}); a new one is started`),
      );
    });
    return running;
  }

  private onMessage(running: Running, raw: unknown): void {
    if (this.current !== running) return;
    const parsed = this.options.messageSchema.safeParse(raw);
    if (!parsed.success) {
      this.log?.error({ issues: parsed.error.issues.slice(0, 3) }, `malformed message from the ${this.options.name} worker`);
      return;
    }
    const event = this.options.classify(parsed.data);
    switch (event.kind) {
      case 'ready':
        running.isReady = true;
        this.loadedBefore = true;
        this.log?.info(snakeCaseKeys(event.fields), `${this.options.name} worker ready`);
        running.settleReady();
        this.pump();
        return;
      case 'init_failed': {
        this.loadedBefore = false;
        const error = this.options.failure('unavailable', `The ${this.options.name} worker could not load: ${event.message}`);
        this.log?.error({ err: error }, `${this.options.name} worker failed to load`);
        // Every waiting request fails first, so that dropping the worker starts no new one for them.
        this.failAll(error);
        this.drop(running, error);
        return;
      }
      case 'answer':
      case 'refusal': {
        const flight = this.inFlight;
        if (!flight || flight.request.id !== event.id) return;
        clearTimeout(flight.timer);
        this.inFlight = null;
        if (event.kind === 'answer') flight.request.resolve(event.result);
        else flight.request.reject(event.error);
        this.pump();
        return;
      }
    }
  }

  /** Posts the next waiting request once the worker is loaded and free. */
  private pump(): void {
    const running = this.current;
    if (this.inFlight || !running?.isReady) return;
    const request = this.queue.shift();
    if (!request) {
      this.armIdleRelease(running);
      return;
    }
    this.clearIdleTimer();
    const timer = setTimeout(() => {
      const error = this.options.failure(
        'timeout',
        `The ${this.options.name} worker took more than ${this.options.timeoutMs} ms; it is restarted`,
      );
      this.log?.error({ timeout_ms: this.options.timeoutMs }, `${this.options.name} worker stuck, restarting`);
      this.drop(running, error);
    }, this.options.timeoutMs);
    this.inFlight = { request, timer };
    running.worker.postMessage(request.message, request.transfer);
  }

  private armIdleRelease(running: Running): void {
    const idleMs = this.options.idleReleaseMs;
    if (idleMs === undefined || this.idleTimer) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.current !== running || this.inFlight || this.queue.length > 0) return;
      // Set aside first, so that its exit is not taken for a crash.
      this.current = null;
      this.log?.info({ idle_ms: idleMs }, `${this.options.name} worker idle, stopped to free its memory; the next request starts it again`);
      void running.worker.terminate().catch(() => undefined);
    }, idleMs);
    // An idle timer alone must not keep the process alive.
    this.idleTimer.unref();
  }

  private clearIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  /** Forgets a worker that died or got stuck: its request fails; waiting ones go to a new worker. */
  private drop(running: Running, error: Error): void {
    running.settleReady(error);
    if (this.current !== running) return;
    this.current = null;
    this.clearIdleTimer();
    // Not ready again until a new worker has loaded (only a worker stopped for idleness counts as ready).
    this.loadedBefore = false;
    void running.worker.terminate().catch(() => undefined);
    const flight = this.inFlight;
    this.inFlight = null;
    if (flight) {
      clearTimeout(flight.timer);
      flight.request.reject(error);
    }
    if (this.queue.length > 0 && !this.closed) this.start('for_request');
  }

  private failAll(error: Error): void {
    const flight = this.inFlight;
    this.inFlight = null;
    if (flight) {
      clearTimeout(flight.timer);
      flight.request.reject(error);
    }
    for (const request of this.queue.splice(0)) request.reject(error);
  }
}
