/**
 * Minimal Reflect metadata polyfill for @peculiar/x509, whose dependency tsyringe refuses to load
 * unless `Reflect.getMetadata` exists. The `reflect-metadata` package is not a dependency, and
 * tsyringe only uses defineMetadata / getMetadata / getOwnMetadata, so this implements exactly the
 * proposal's semantics for those (own metadata per target + property key; getMetadata walks the
 * prototype chain). Import this module before @peculiar/x509.
 */

type MetadataMap = Map<unknown, unknown>;

interface ReflectMetadataApi {
  defineMetadata(key: unknown, value: unknown, target: object, propertyKey?: string | symbol): void;
  getOwnMetadata(key: unknown, target: object, propertyKey?: string | symbol): unknown;
  getMetadata(key: unknown, target: object, propertyKey?: string | symbol): unknown;
  hasOwnMetadata(key: unknown, target: object, propertyKey?: string | symbol): boolean;
  hasMetadata(key: unknown, target: object, propertyKey?: string | symbol): boolean;
}

const reflect = Reflect as typeof Reflect & Partial<ReflectMetadataApi>;

if (typeof reflect.getMetadata !== "function") {
  const store = new WeakMap<object, Map<string | symbol | undefined, MetadataMap>>();

  const ownMap = (target: object, propertyKey: string | symbol | undefined, create: boolean): MetadataMap | undefined => {
    let byProperty = store.get(target);
    if (!byProperty) {
      if (!create) return undefined;
      byProperty = new Map();
      store.set(target, byProperty);
    }
    let metadata = byProperty.get(propertyKey);
    if (!metadata && create) {
      metadata = new Map();
      byProperty.set(propertyKey, metadata);
    }
    return metadata;
  };

  const api: ReflectMetadataApi = {
    defineMetadata(key, value, target, propertyKey) {
      ownMap(target, propertyKey, true)?.set(key, value);
    },
    getOwnMetadata(key, target, propertyKey) {
      return ownMap(target, propertyKey, false)?.get(key);
    },
    hasOwnMetadata(key, target, propertyKey) {
      return ownMap(target, propertyKey, false)?.has(key) ?? false;
    },
    getMetadata(key, target, propertyKey) {
      for (let current: object | null = target; current; current = Object.getPrototypeOf(current) as object | null) {
        const metadata = ownMap(current, propertyKey, false);
        if (metadata?.has(key)) return metadata.get(key);
      }
      return undefined;
    },
    hasMetadata(key, target, propertyKey) {
      for (let current: object | null = target; current; current = Object.getPrototypeOf(current) as object | null) {
        if (ownMap(current, propertyKey, false)?.has(key)) return true;
      }
      return false;
    },
  };
  Object.assign(reflect, api);
}

export {};
