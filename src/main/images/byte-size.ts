/** `20000 bytes (19.5 KiB)`-style sizes for messages: the exact figure, then a readable one. */
export function describeBytes(bytes: number): string {
  const units: Array<[string, number]> = [
    ['GiB', 2 ** 30],
    ['MiB', 2 ** 20],
    ['KiB', 2 ** 10],
  ];
  for (const [unit, size] of units) {
    if (bytes >= size) return `${bytes} bytes (${Number((bytes / size).toFixed(1))} ${unit})`;
  }
  return `${bytes} bytes`;
}
