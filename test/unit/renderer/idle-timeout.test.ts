// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { useIdleReturn } from '../../../src/renderer/src/composables/use-idle-return';
import { IdleTimer } from '../../../src/renderer/src/idle/idle-timer';
import { useScanFlowStore } from '../../../src/renderer/src/stores/scan-flow';
import { useSettingsStore } from '../../../src/renderer/src/stores/settings';
import { connectStores, FakeService } from './fake-service';

describe('the idle timer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('warns before the timeout, goes idle at it, and a poke starts the count again', () => {
    const events: string[] = [];
    const timer = new IdleTimer({
      timeoutMs: 30_000,
      warningMs: 10_000,
      onWarning: () => events.push('warning'),
      onIdle: () => events.push('idle'),
    });
    timer.poke();
    vi.advanceTimersByTime(19_999);
    expect(events).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(events).toEqual(['warning']);
    timer.poke();
    vi.advanceTimersByTime(29_999);
    expect(events).toEqual(['warning', 'warning']);
    vi.advanceTimersByTime(1);
    expect(events).toEqual(['warning', 'warning', 'idle']);
    expect(timer.running).toBe(false);
  });

  it('stops for good', () => {
    const onIdle = vi.fn();
    const timer = new IdleTimer({ timeoutMs: 1000, warningMs: 500, onWarning: () => undefined, onIdle });
    timer.poke();
    timer.stop();
    vi.advanceTimersByTime(5000);
    expect(onIdle).not.toHaveBeenCalled();
  });
});

describe('returning to the start when the customer walks away', () => {
  let target: EventTarget;

  beforeEach(() => {
    vi.useFakeTimers();
    localStorage.clear();
    target = new EventTarget();
  });
  afterEach(() => vi.useRealTimers());

  function mountKiosk(idleTimeoutSeconds: number) {
    const pinia = connectStores(new FakeService());
    useSettingsStore().update({ idleTimeoutSeconds });
    const Host = defineComponent({
      setup() {
        const idle = useIdleReturn(target as unknown as Window);
        return () => h('p', { 'data-warning': String(idle.warningVisible.value), 'data-seconds': String(idle.secondsLeft.value) });
      },
    });
    return { wrapper: mount(Host, { global: { plugins: [pinia] } }), flow: useScanFlowStore() };
  }

  it('clears the customer and shows the start screen after the timeout, warning 10 s before', async () => {
    const { wrapper, flow } = mountKiosk(30);
    flow.begin('customer-1');
    flow.acceptConsent();
    flow.setDetails({ heightCm: 170, gender: 'female', clothing: 'regular', shoes: null });
    await vi.advanceTimersByTimeAsync(20_000);
    expect(wrapper.get('p').attributes('data-warning')).toBe('true');
    expect(wrapper.get('p').attributes('data-seconds')).toBe('10');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(flow.screen).toBe('start');
    expect(flow.session.customerRef).toBe('');
    expect(flow.session.heightCm).toBeNull();
    expect(wrapper.get('p').attributes('data-warning')).toBe('false');
  });

  it('a touch starts the count again and hides the warning', async () => {
    const { wrapper, flow } = mountKiosk(30);
    flow.begin('customer-1');
    await vi.advanceTimersByTimeAsync(25_000);
    expect(wrapper.get('p').attributes('data-warning')).toBe('true');
    target.dispatchEvent(new Event('pointerdown'));
    await vi.advanceTimersByTimeAsync(0);
    expect(wrapper.get('p').attributes('data-warning')).toBe('false');
    await vi.advanceTimersByTimeAsync(25_000);
    expect(flow.screen).toBe('consent');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(flow.screen).toBe('start');
  });

  it('does not count on the start screen or while a scan is processing', async () => {
    const { flow } = mountKiosk(5);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(flow.screen).toBe('start');
    flow.begin('customer-1');
    flow.screen = 'processing';
    await vi.advanceTimersByTimeAsync(60_000);
    expect(flow.screen).toBe('processing');
    expect(flow.session.customerRef).toBe('customer-1');
  });
});
