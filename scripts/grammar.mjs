#!/usr/bin/env node
// Part of `npm run build`: copies the Go grammar (tree-sitter-go's WASM build, its version and its licence) to
// dist/grammar/, so that the npm package carries it and needs neither tree-sitter-go nor its native install step.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const from = path.dirname(require.resolve('tree-sitter-go/tree-sitter-go.wasm'));
const to = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'grammar');
const { name, version, license } = JSON.parse(fs.readFileSync(path.join(from, 'package.json'), 'utf8'));
fs.mkdirSync(to, { recursive: true });
fs.copyFileSync(path.join(from, 'tree-sitter-go.wasm'), path.join(to, 'tree-sitter-go.wasm'));
fs.copyFileSync(path.join(from, 'LICENSE'), path.join(to, 'LICENSE'));
fs.writeFileSync(path.join(to, 'tree-sitter-go.json'), `${JSON.stringify({ name, version, license })}\n`);
