import { floorMarkerCells, floorMarkerId, floorMarkerPattern } from './floor-marker.js';

/**
 * The floor marker as a printable SVG in millimetres (`perfit calibrate --marker-svg`): the
 * black square `sizeCm` wide, a white margin of one cell round it (the detector needs white
 * all round the square's edge), and under it an arrow to point at the camera and a line that
 * asks for the square to be measured after printing.
 */
export function floorMarkerSvg(sizeCm: number): string {
  const sideMm = sizeCm * 10;
  const cellMm = sideMm / floorMarkerCells;
  const marginMm = Math.max(cellMm, 15);
  const labelMm = 55;
  const widthMm = sideMm + 2 * marginMm;
  const heightMm = sideMm + 2 * marginMm + labelMm;
  const mm = (value: number): string => Number(value.toFixed(3)).toString();
  const cells: string[] = [];
  floorMarkerPattern().forEach((row, r) =>
    row.forEach((black, c) => {
      if (black)
        cells.push(
          `<rect x="${mm(marginMm + c * cellMm)}" y="${mm(marginMm + r * cellMm)}" width="${mm(cellMm)}" height="${mm(cellMm)}"/>`,
        );
    }),
  );
  const arrowTop = sideMm + 2 * marginMm;
  // The two lines of about 100 characters fit the sheet's width.
  const fontMm = Math.min(5, widthMm / 60);
  const centre = widthMm / 2;
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${mm(widthMm)}mm" height="${mm(heightMm)}mm" ` +
      `viewBox="0 0 ${mm(widthMm)} ${mm(heightMm)}">`,
    `<title>Perfit floor marker (ArUco ARUCO_MIP_36h12 id ${floorMarkerId}), ${sizeCm} cm</title>`,
    `<rect width="${mm(widthMm)}" height="${mm(heightMm)}" fill="#fff"/>`,
    // Without anti-aliasing, neighbouring cells print without pale seams between them.
    `<g fill="#000" shape-rendering="crispEdges">${cells.join('')}</g>`,
    `<path d="M ${mm(centre)} ${mm(arrowTop + 4)} l -10 12 h 6 v 14 h 8 v -14 h 6 z" fill="#000"/>`,
    `<text x="${mm(centre)}" y="${mm(arrowTop + 40)}" font-family="sans-serif" font-size="${mm(fontMm)}" text-anchor="middle">` +
      `Perfit floor marker: lay it flat on the floor markers, this arrow towards the camera.</text>`,
    `<text x="${mm(centre)}" y="${mm(arrowTop + 48)}" font-family="sans-serif" font-size="${mm(fontMm)}" text-anchor="middle">` +
      `Print at 100% (actual size). The black square should be ${sizeCm} cm wide: measure it and give what you measure.</text>`,
    `</svg>`,
    '',
  ].join('\n');
}
