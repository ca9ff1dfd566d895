/**
 * A minimal PNG encoder for opaque 8-bit RGB images, for charts that carry small rasters (one per
 * image-grid panel) as data URLs instead of one vega mark per pixel.
 */
import * as zlib from 'node:zlib';

/** PNG bytes of an opaque `width` × `height` image, `rgb` row by row (3 bytes per pixel). */
export function encodeRgbPNG(rgb: Uint8Array, width: number, height: number): Buffer {
  if (rgb.length !== width * height * 3) throw new Error(`encodeRgbPNG: ${rgb.length} bytes for ${width} × ${height} pixels.`);
  const stride = width * 3;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    // Filter 1 (Sub): each byte minus the byte one pixel to the left; smooth maps deflate better.
    const o = y * (stride + 1);
    raw[o] = 1;
    for (let i = 0; i < stride; i++) {
      const v = rgb[y * stride + i];
      raw[o + 1 + i] = i < 3 ? v : (v - rgb[y * stride + i - 3]) & 0xff;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour, no alpha
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The `data:` URL of PNG bytes. */
export function pngDataURL(png: Buffer): string {
  return `data:image/png;base64,${png.toString('base64')}`;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(data, zlib.crc32(head.subarray(4))), 0);
  return Buffer.concat([head, data, crc]);
}
