import { relative } from 'node:path';

/**
 * ESLint rule `quirks/vendor-names`: a comment may name an EHR vendor or product only in the
 * quirk files given as its option (eslint.config.js QUIRK_FILES), so every EHR behaviour the app
 * answers is written down in one of them and the rest of the code points at the quirk by name.
 * Names are matched whole and case-sensitive, so ordinary words ("epicentre", "a test oracle")
 * pass. Only comments are read: code may still test for a vendor (ehrQuirks.isEpic does).
 */

const VENDORS = [
  'Epic',
  'Oracle',
  'Cerner',
  'Millennium',
  'MEDITECH',
  'Meditech',
  'athenahealth',
  'athenaOne',
  'Allscripts',
  'Veradigm',
  'eClinicalWorks',
  'NextGen',
  'PointClickCare',
  'TELUS',
  'OSCAR',
  'Accuro',
];
const VENDOR = new RegExp(`\\b(${VENDORS.join('|')})\\b`);

export function quirksPlugin(root) {
  const vendorNames = {
    meta: {
      type: 'suggestion',
      docs: { description: 'EHR vendors are named only in the quirk files' },
      schema: [{ type: 'array', items: { type: 'string' } }],
      messages: {
        outsideQuirks:
          'This comment names {{vendor}}: EHR behaviours are written down in {{files}}; here, point at the quirk by name',
      },
    },
    create(context) {
      const quirkFiles = context.options[0] ?? [];
      const file = relative(root, context.filename).split('\\').join('/');
      if (quirkFiles.includes(file)) return {};
      return {
        Program() {
          for (const comment of context.sourceCode.getAllComments()) {
            const vendor = VENDOR.exec(comment.value)?.[1];
            if (vendor) {
              context.report({
                loc: comment.loc,
                messageId: 'outsideQuirks',
                data: { vendor, files: quirkFiles.join(', ') },
              });
            }
          }
        },
      };
    },
  };
  return { rules: { 'vendor-names': vendorNames } };
}
