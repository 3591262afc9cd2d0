/** Every designer of the Studio: the `designer.ts` of each folder, registered. Import the registry from here. */
import.meta.glob('./*/designer.ts', { eager: true });

export { allDesigners, defineDesigner, designerById } from './registry.ts';
export type { DesignerDefinition } from './registry.ts';
