// Draws the app icon (resources/icon.png, 1024×1024): the Architect → Builder ‖ Docs → QA graph on
// a rounded dark square. Plain Node (zlib), no image libraries; electron-builder derives the .icns.
import { writeFileSync, mkdirSync } from 'node:fs'
import { deflateSync } from 'node:zlib'

const S = 1024
const px = Buffer.alloc(S * S * 4)
const nodes = [
  [260, 512],
  [512, 330],
  [512, 694],
  [764, 512],
]
const edges = [
  [0, 1],
  [0, 2],
  [1, 3],
  [2, 3],
]
const colors = [
  [96, 165, 250],
  [52, 211, 153],
  [251, 191, 36],
  [244, 114, 182],
]

function segDist(x, y, [ax, ay], [bx, by]) {
  const dx = bx - ax,
    dy = by - ay
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
  return Math.hypot(x - ax - t * dx, y - ay - t * dy)
}

for (let y = 0; y < S; y++) {
  for (let x = 0; x < S; x++) {
    const i = (y * S + x) * 4
    const r = 200,
      m = 64
    const cx = Math.min(Math.max(x, m + r), S - m - r),
      cy = Math.min(Math.max(y, m + r), S - m - r)
    const inside = Math.hypot(x - cx, y - cy) <= r
    if (!inside) continue
    let c = [24, 24, 48]
    if (edges.some(([a, b]) => segDist(x, y, nodes[a], nodes[b]) < 14)) c = [148, 163, 184]
    nodes.forEach(([nx, ny], k) => {
      const d = Math.hypot(x - nx, y - ny)
      if (d < 92) c = d > 80 ? [241, 245, 249] : colors[k]
    })
    px[i] = c[0]
    px[i + 1] = c[1]
    px[i + 2] = c[2]
    px[i + 3] = 255
  }
}

function crc32(buf) {
  let c,
    crc = 0xffffffff
  for (const b of buf) {
    c = (crc ^ b) & 0xff
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    crc = (crc >>> 8) ^ c
  }
  return (crc ^ 0xffffffff) >>> 0
}
function chunk(type, data) {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const td = Buffer.concat([Buffer.from(type), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(td))
  return Buffer.concat([len, td, crc])
}
const raw = Buffer.alloc(S * (S * 4 + 1))
for (let y = 0; y < S; y++) px.copy(raw, y * (S * 4 + 1) + 1, y * S * 4, (y + 1) * S * 4)
const ihdr = Buffer.alloc(13)
ihdr.writeUInt32BE(S, 0)
ihdr.writeUInt32BE(S, 4)
ihdr[8] = 8
ihdr[9] = 6
mkdirSync('resources', { recursive: true })
writeFileSync(
  'resources/icon.png',
  Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]),
)
console.log('wrote resources/icon.png')
