/** What the properties panel offers to pick from, loaded once per modeler page. */
export type Choice = { title: string; value: string; subtitle?: string };

export type PanelOptions = {
  users: Choice[];
  roles: Choice[];
  /** Departments, then work groups: a task's candidate groups. */
  groups: Choice[];
  forms: Choice[];
  entities: Choice[];
};

export const emptyOptions = (): PanelOptions => ({ users: [], roles: [], groups: [], forms: [], entities: [] });
