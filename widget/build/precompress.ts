/**
 * Writes a brotli (`.br`) and a gzip (`.gz`) copy beside each script and style sheet of the
 * build, compressed once at the highest levels, so the collector sends the bytes the size
 * budget counts without compressing on every request or needing a compressing proxy.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

const COMPRESSIBLE = /\.(js|mjs|css)$/;

/** Brotli at its best quality, told the input is text. */
export function brotli(content: Uint8Array): Buffer {
  return brotliCompressSync(content, {
    params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_SIZE_HINT]: content.length },
  });
}

/** A Vite plugin that precompresses the written bundle's text files. */
export function precompress(): Plugin {
  return {
    name: 'vouch-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      const dir = options.dir!;
      for (const file of Object.values(bundle)) {
        if (!COMPRESSIBLE.test(file.fileName)) continue;
        const content = file.type === 'chunk' ? file.code : file.source;
        const raw = typeof content === 'string' ? Buffer.from(content) : content;
        writeFileSync(join(dir, `${file.fileName}.br`), brotli(raw));
        writeFileSync(join(dir, `${file.fileName}.gz`), gzipSync(raw, { level: 9 }));
      }
    },
  };
}
