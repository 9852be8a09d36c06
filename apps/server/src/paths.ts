import { fileURLToPath } from 'node:url';

/** The repository root, from this file's place (apps/server/{src,dist}/paths.*). */
const root = new URL('../../../', import.meta.url);

export const paths = {
  root: fileURLToPath(root),
  widgetDist: fileURLToPath(new URL('packages/widget/dist/', root)),
  demo: fileURLToPath(new URL('apps/demo/', root)),
  dashboardDist: fileURLToPath(new URL('apps/dashboard/dist/', root)),
};
