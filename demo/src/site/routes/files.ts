/** Static files: the bank's styles and page scripts, and the widget bundle with its chunks. */
import type { Hono } from 'hono';
import type { Kit, SiteDeps } from '../kit.ts';
import { serveFile } from '../static.ts';

export function fileRoutes(app: Hono, deps: SiteDeps, _kit: Kit): void {
  app.get(
    '/assets/:name',
    async (c) => (await serveFile(deps.publicDir, c.req.param('name'))) ?? c.notFound(),
  );
  // The widget bundle, and any chunk it imports relative to itself.
  app.get('/:name{[\\w.-]+\\.(js|map|css)}', async (c) => {
    const res = await serveFile(deps.widgetDir, c.req.param('name'));
    if (res) return res;
    if (c.req.param('name') === 'borica-identify.js') {
      return c.text('The widget is not built: run `pnpm --filter @borica-identify/widget build`.', 503);
    }
    return c.notFound();
  });
}
