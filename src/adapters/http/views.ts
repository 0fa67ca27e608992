import nunjucks from 'nunjucks';

export type Render = (template: string, context: Record<string, unknown>) => string;

/** One nunjucks environment for the process: templates are compiled once and cached; all output is escaped. */
export function createViews(templatesDir: string, globals: Record<string, unknown>): Render {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(templatesDir, { noCache: false }), {
    autoescape: true,
    throwOnUndefined: false,
  });
  for (const [name, value] of Object.entries(globals)) env.addGlobal(name, value);
  return (template, context) => env.render(template, context);
}
