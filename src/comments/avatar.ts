// Generated avatars: a symmetric 5×5 identicon drawn from the avatar hash. No third-party request.

const HASH = /^[0-9a-f]{32}$/;

export function isAvatarHash(value: string): boolean {
  return HASH.test(value);
}

export function avatarSvg(hash: string): string {
  const nibble = (i: number) => parseInt(hash[i % hash.length] ?? '0', 16);
  const hue = (parseInt(hash.slice(0, 3), 16) % 360).toString();
  const fg = `hsl(${hue} 55% 45%)`;
  const bg = `hsl(${hue} 40% 92%)`;
  const cells: string[] = [];
  for (let row = 0; row < 5; row++) {
    for (let col = 0; col < 3; col++) {
      if (nibble(3 + row * 3 + col) % 2 === 0) continue;
      for (const x of col === 2 ? [2] : [col, 4 - col]) {
        cells.push(`<rect x="${x * 8 + 4}" y="${row * 8 + 4}" width="8" height="8"/>`);
      }
    }
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" width="48" height="48" role="img" aria-label="avatar">` +
    `<rect width="48" height="48" fill="${bg}"/><g fill="${fg}">${cells.join('')}</g></svg>`
  );
}
