/** Whether this browser can make a WebGL context at all (SwiftShader counts: it renders, slowly). */
export function webglAvailable(): boolean {
  try {
    const canvas = document.createElement('canvas');
    return (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) !== null;
  } catch {
    return false;
  }
}
