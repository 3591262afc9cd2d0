import { z } from 'zod';
import { LocalizedText } from './i18n.ts';
import { Identifier, StableId } from './names.ts';

export type MenuItem = {
  id: string;
  label: LocalizedText;
  icon?: string;
  entity?: string;
  query?: string;
  url?: string;
  children?: MenuItem[];
};

export const MenuItem: z.ZodType<MenuItem> = z.lazy(() =>
  z.object({
    id: StableId,
    label: LocalizedText,
    icon: z.string().optional(),
    entity: Identifier.optional(),
    query: z.string().optional(),
    url: z.string().optional(),
    children: z.array(MenuItem).optional(),
  }),
);

export const App = z.object({
  id: StableId,
  name: Identifier,
  label: LocalizedText,
  icon: z.string().optional(),
  menu: z.array(MenuItem),
});
export type App = z.infer<typeof App>;
