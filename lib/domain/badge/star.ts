/** The star shape, shared by the server's SVG and the browser widget. */

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Points of a five-pointed star in a `size` box at (x, y); `half` gives its left half only. */
export function starPoints(x: number, y: number, size: number, half: boolean): string {
  const cx = x + size / 2;
  const cy = y + size / 2 + size * 0.04;
  const outer = size / 2;
  const inner = outer * 0.4;
  const points: string[] = [];
  // From the top clockwise; the left half runs from the bottom inner point round to the top.
  const steps = half ? [5, 6, 7, 8, 9, 10] : [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  for (const k of steps) {
    const angle = -Math.PI / 2 + (k * Math.PI) / 5;
    const r = k % 2 === 0 ? outer : inner;
    points.push(`${round2(cx + r * Math.cos(angle))},${round2(cy + r * Math.sin(angle))}`);
  }
  return points.join(' ');
}

/** How each of the five stars is filled for a value in halves (null: all empty). */
export function starFills(value: number | null): Array<'full' | 'half' | 'empty'> {
  return [0, 1, 2, 3, 4].map((k) =>
    value !== null && value >= k + 1 ? 'full' : value !== null && value >= k + 0.5 ? 'half' : 'empty',
  );
}
