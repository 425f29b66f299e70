export interface RelaunchOptions {
  execPath: string;
  args: string[];
}

/**
 * Arguments for app.relaunch(). Inside an AppImage, process.execPath points into the AppImage's
 * temporary mount, which is gone once this process exits: relaunch the AppImage file itself.
 */
export function relaunchOptions(execPath: string, argv: readonly string[], env: NodeJS.ProcessEnv): RelaunchOptions {
  const appImage = env['APPIMAGE'];
  if (appImage) return { execPath: appImage, args: argv.slice(1) };
  return { execPath, args: argv.slice(1) };
}
