import { dirname, relative, resolve } from 'node:path';

/**
 * ESLint rule `layers/direction`: a relative import may only point at a layer the importing
 * file's layer lists in `mayImport`. Layers are given in eslint.config.js as
 * `{ name, files, mayImport }`, each entry a folder (`src/fhir`), a file (`src/main.tsx`) or
 * the files directly in a folder (`launch/*`). Packages (bare specifiers) are not checked.
 */

function matches(path, entry) {
  if (entry.endsWith('/*')) {
    const folder = entry.slice(0, -2);
    return dirname(path) === folder;
  }
  return path === entry || path.startsWith(`${entry}/`);
}

function withoutExtension(path) {
  return path.replace(/\.(tsx?|jsx?|mjs)$/, '');
}

export function layersPlugin(root) {
  const direction = {
    meta: {
      type: 'problem',
      docs: { description: 'Imports flow one way between the layers in eslint.config.js' },
      schema: [{ type: 'array' }],
      messages: {
        wrongWay:
          '{{from}} ({{layer}}) may not import {{to}}: the {{layer}} layer may import only {{allowed}} (layers in eslint.config.js)',
      },
    },
    create(context) {
      const layers = context.options[0] ?? [];
      const file = relative(root, context.filename).split('\\').join('/');
      const layer = layers.find((l) => l.files.some((entry) => matches(file, entry)));
      if (!layer) return {};
      const check = (node) => {
        const spec = node?.value;
        if (typeof spec !== 'string' || !spec.startsWith('.')) return;
        const target = relative(root, resolve(dirname(context.filename), spec))
          .split('\\')
          .join('/');
        const allowed = layer.mayImport.some(
          (entry) => matches(target, entry) || matches(withoutExtension(target), entry),
        );
        if (!allowed) {
          context.report({
            node,
            messageId: 'wrongWay',
            data: {
              from: file,
              layer: layer.name,
              to: target,
              allowed: layer.mayImport.join(', '),
            },
          });
        }
      };
      return {
        ImportDeclaration: (node) => check(node.source),
        ExportNamedDeclaration: (node) => check(node.source),
        ExportAllDeclaration: (node) => check(node.source),
        ImportExpression: (node) => check(node.source),
      };
    },
  };
  return { rules: { direction } };
}
