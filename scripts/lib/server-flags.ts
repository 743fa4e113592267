// How the production server process is started: `npm start` (package.json), the demo and the
// tracking benchmark all run `node <these flags> dist/server.mjs`.
//
// The old-generation heap is capped. The server's live heap is about 100 MB (Next.js, the
// classifier's data and the bounded caches), but under a burst V8 lets the heap grow far past
// that before collecting (RSS near 800 MB after loading a 200,000-hit spool, against 280 MB
// with the cap, at the same speed); the cap keeps the process within a small machine's memory.
export const SERVER_NODE_FLAGS = ['--max-old-space-size=256'];
