/**
 * Grafana's plugin loader, reduced to what a plugin can observe: SystemJS (with the AMD and
 * named-register extras, loaded by index.html) holds every shared module under a `package:`
 * URL, an import map points the bare names there, and plugins are `System.import`ed by URL.
 */
interface SystemJSLoader {
  set(id: string, module: object): void;
  addImportMap(map: { imports: Record<string, string> }): void;
  import(url: string): Promise<Record<string, unknown>>;
}

declare global {
  interface Window {
    System: SystemJSLoader;
  }
}

const SHARED_MODULE_PREFIX = 'package';

/**
 * What webpack hands a plugin for a CommonJS package: the namespace with `__esModule`, so the
 * plugin's `import moment from 'moment'` reads `.default` (esbuild's namespaces lack the flag).
 */
function asPluginNamespace(namespace: object): object {
  return 'default' in namespace ? { ...namespace, __esModule: true } : namespace;
}

export function registerSharedModules(modules: Record<string, object>): void {
  const imports: Record<string, string> = {};
  for (const [name, namespace] of Object.entries(modules)) {
    const url = `${SHARED_MODULE_PREFIX}:${name}`;
    window.System.set(url, asPluginNamespace(namespace));
    imports[name] = url;
  }
  window.System.addImportMap({ imports });
}

export async function importPluginModule(url: string): Promise<Record<string, unknown>> {
  return window.System.import(new URL(url, window.location.href).href);
}
