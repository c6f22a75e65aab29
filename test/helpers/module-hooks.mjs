// Node module hooks for the module-graph test: print every module URL the process resolves.
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  process.stderr.write(`[module] ${r.url}\n`);
  return r;
}
