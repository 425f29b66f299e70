import type { BodyModel } from './model.js';

/** Wavefront OBJ text of a body (metres, y up): `v` lines then 1-based `f` lines. */
export function exportObj(model: BodyModel, vertices: ArrayLike<number>): string {
  const lines: string[] = [`# ${model.name} ${model.version} — ${model.licence}`, `o body`];
  for (let v = 0; v < vertices.length; v += 3)
    lines.push(`v ${vertices[v]!.toFixed(6)} ${vertices[v + 1]!.toFixed(6)} ${vertices[v + 2]!.toFixed(6)}`);
  const faces = model.faces;
  for (let f = 0; f < faces.length; f += 3) lines.push(`f ${faces[f]! + 1} ${faces[f + 1]! + 1} ${faces[f + 2]! + 1}`);
  return lines.join('\n') + '\n';
}
