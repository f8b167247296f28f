import type { FontSet } from '@survkit/report/browser';
// The CLI's DejaVu faces (dejavu-fonts-ttf), inlined into the build as data: URLs — the page fetches
// nothing, so it works offline and from file://.
import sans from 'dejavu-fonts-ttf/ttf/DejaVuSansCondensed.ttf?inline';
import sansBold from 'dejavu-fonts-ttf/ttf/DejaVuSansCondensed-Bold.ttf?inline';
import regular from 'dejavu-fonts-ttf/ttf/DejaVuSerif.ttf?inline';

function decode(dataUrl: string): Uint8Array {
  const binary = atob(dataUrl.slice(dataUrl.indexOf(',') + 1));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

let fonts: FontSet | null = null;

/** The report's font set as bytes, decoded once. */
export function loadFonts(): FontSet {
  fonts ??= { regular: decode(regular), sans: decode(sans), sansBold: decode(sansBold) };
  return fonts;
}
