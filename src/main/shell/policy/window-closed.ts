export interface WindowClosedSituation {
  kioskMode: boolean;
  /** The app is quitting on purpose: shutdown, an update install, a restart asked by staff. */
  quitting: boolean;
}

/**
 * What follows the kiosk window's closing. In kiosk mode a closed window (Alt+F4 that reached the
 * window manager, a crash of the window, a tool that closes windows) is opened again, so the
 * kiosk never sits on the desktop; outside kiosk mode, or when quitting, the app ends.
 */
export function afterWindowClosed(situation: WindowClosedSituation): 'reopen' | 'quit' {
  return situation.kioskMode && !situation.quitting ? 'reopen' : 'quit';
}
