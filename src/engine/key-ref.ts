import type { KeyRef } from '../core/types.js';

/** Key ids of keys created during this apply, by manifest key and generation. */
export class CreatedKeys {
  private readonly ids = new Map<string, string>();

  record(keyName: string, generation: number, keyId: string): void {
    this.ids.set(`${keyName}#${generation}`, keyId);
  }

  resolve(ref: KeyRef): string {
    if ('keyId' in ref) return ref.keyId;
    const id = this.ids.get(`${ref.created.keyName}#${ref.created.generation}`);
    if (!id) throw new Error(`key ${ref.created.keyName} generation ${ref.created.generation} was not created in this apply`);
    return id;
  }
}
