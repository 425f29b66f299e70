import { describe, expect, it } from 'vitest';
import { shouldBlockInput, type KeyInput } from '../../../src/main/shell/policy/input.js';
import { afterWindowClosed } from '../../../src/main/shell/policy/window-closed.js';

type Modifiers = Partial<Pick<KeyInput, 'control' | 'meta' | 'alt' | 'shift'>>;

/** A keyDown as Electron reports it on a US layout: `key` is upper case when Shift is held. */
function press(key: string, modifiers: Modifiers = {}): KeyInput {
  const letter = /^[a-z]$/i.test(key);
  return {
    type: 'keyDown',
    key: letter && modifiers.shift ? key.toUpperCase() : key,
    code: letter ? `Key${key.toUpperCase()}` : key,
    control: false,
    meta: false,
    alt: false,
    shift: false,
    ...modifiers,
  };
}

const kiosk = { kioskMode: true };

describe('keys blocked in kiosk mode', () => {
  const escapes: Array<[string, KeyInput]> = [
    ['Ctrl+R', press('r', { control: true })],
    ['Cmd+R', press('r', { meta: true })],
    ['Ctrl+Shift+R', press('r', { control: true, shift: true })],
    ['F5', press('F5')],
    ['Ctrl+F5', press('F5', { control: true })],
    ['F12', press('F12')],
    ['Ctrl+Shift+I', press('i', { control: true, shift: true })],
    ['Ctrl+Shift+J', press('j', { control: true, shift: true })],
    ['Ctrl+Shift+C', press('c', { control: true, shift: true })],
    ['Cmd+Alt+I', press('i', { meta: true, alt: true })],
    ['Ctrl+W', press('w', { control: true })],
    ['Ctrl+F4', press('F4', { control: true })],
    ['Ctrl+Q', press('q', { control: true })],
    ['Alt+F4', press('F4', { alt: true })],
    ['Cmd+Q', press('q', { meta: true })],
  ];

  it.each(escapes)('blocks %s', (_name, input) => {
    expect(shouldBlockInput(input, kiosk)).toBe(true);
  });

  it('blocks the key up as well as the key down', () => {
    expect(shouldBlockInput({ ...press('F5'), type: 'keyUp' }, kiosk)).toBe(true);
  });

  it('blocks by physical key on a layout where the letter sits elsewhere', () => {
    // AZERTY's physical Q key gives 'a'; Ctrl+(physical W) gives 'z'. Both are Electron's accelerators.
    expect(shouldBlockInput({ ...press('a', { control: true }), code: 'KeyQ' }, kiosk)).toBe(true);
    expect(shouldBlockInput({ ...press('z', { control: true }), code: 'KeyW' }, kiosk)).toBe(true);
  });

  const ordinary: Array<[string, KeyInput]> = [
    ['r (typing a name)', press('r')],
    ['Shift+R', press('r', { shift: true })],
    ['Ctrl+C (copy)', press('c', { control: true })],
    ['Ctrl+V (paste)', press('v', { control: true })],
    ['Ctrl+A (select all)', press('a', { control: true })],
    ['F4 alone', press('F4')],
    ['Enter', press('Enter')],
    ['Backspace', press('Backspace')],
    ['Tab', press('Tab')],
  ];

  it.each(ordinary)('lets %s through', (_name, input) => {
    expect(shouldBlockInput(input, kiosk)).toBe(false);
  });

  it('blocks nothing outside kiosk mode, so staff can debug', () => {
    for (const [, input] of escapes) expect(shouldBlockInput(input, { kioskMode: false })).toBe(false);
  });
});

describe('after the kiosk window closes', () => {
  it('reopens it in kiosk mode', () => {
    expect(afterWindowClosed({ kioskMode: true, quitting: false })).toBe('reopen');
  });

  it('lets the app end when it is quitting on purpose', () => {
    expect(afterWindowClosed({ kioskMode: true, quitting: true })).toBe('quit');
  });

  it('lets the app end outside kiosk mode', () => {
    expect(afterWindowClosed({ kioskMode: false, quitting: false })).toBe('quit');
  });
});
