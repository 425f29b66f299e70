/** The fields of Electron's `Input` (webContents 'before-input-event') that the decision reads. */
export interface KeyInput {
  /** 'keyDown', 'keyUp', 'rawKeyDown' or 'char'. */
  type: string;
  /** The key's value, e.g. 'r', 'R', 'F5'. */
  key: string;
  /** The physical key, e.g. 'KeyR', 'F5'; the same on every keyboard layout. */
  code: string;
  control: boolean;
  meta: boolean;
  alt: boolean;
  shift: boolean;
}

export interface InputPolicySettings {
  kioskMode: boolean;
}

/** A letter matched by value or by physical key, so a layout that moves the letter does not open a gap. */
function isLetter(input: KeyInput, letter: string): boolean {
  return input.key.toLowerCase() === letter || input.code === `Key${letter.toUpperCase()}`;
}

function isKey(input: KeyInput, name: string): boolean {
  return input.key === name || input.code === name;
}

/**
 * Whether a key press must not reach the page or Electron's accelerators. In kiosk mode a customer
 * with a keyboard must not reload the page (losing the scan in progress), open the developer tools
 * (and with them the page's API key), or close or quit the app. Outside kiosk mode staff debug
 * with all of them.
 */
export function shouldBlockInput(input: KeyInput, settings: InputPolicySettings): boolean {
  if (!settings.kioskMode) return false;
  const command = input.control || input.meta;
  // Reload: Ctrl/Cmd+R, Ctrl/Cmd+Shift+R, F5 with or without a modifier.
  if (isKey(input, 'F5')) return true;
  if (command && isLetter(input, 'r')) return true;
  // Developer tools: F12, Ctrl+Shift+I/J/C, Cmd+Alt+I/J/C.
  if (isKey(input, 'F12')) return true;
  if (command && (input.shift || input.alt) && ['i', 'j', 'c'].some((letter) => isLetter(input, letter))) return true;
  // Close and quit: Ctrl/Cmd+W, Ctrl+F4, Alt+F4, Ctrl/Cmd+Q.
  if (command && (isLetter(input, 'w') || isLetter(input, 'q'))) return true;
  if ((command || input.alt) && isKey(input, 'F4')) return true;
  return false;
}
