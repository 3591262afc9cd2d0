/** The organisation as the designer edits it: departments, groups and users, reloaded after every change. */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { orgApi, type Department, type Group, type OrgUser } from './org.api.ts';

export const useOrgStore = defineStore('studioOrg', () => {
  const departments = ref<Department[]>([]);
  const groups = ref<Group[]>([]);
  const users = ref<OrgUser[]>([]);
  const roleNames = ref<{ name: string; label?: { hu: string; en: string } }[]>([]);
  const loading = ref(false);

  const userName = computed(() => {
    const m = new Map(users.value.map((u) => [u.id, u.displayName || u.username]));
    return (id: string | null | undefined) => (id ? (m.get(id) ?? id) : '');
  });
  const departmentName = computed(() => {
    const m = new Map(departments.value.map((d) => [d.id, d.name]));
    return (id: string | null | undefined) => (id ? (m.get(id) ?? id) : '');
  });

  async function loadDepartments(): Promise<void> {
    departments.value = (await orgApi.departments()).items;
  }
  async function loadGroups(): Promise<void> {
    groups.value = (await orgApi.groups()).items;
  }
  async function loadUsers(): Promise<void> {
    users.value = (await orgApi.users()).items;
  }
  async function loadRoles(): Promise<void> {
    try {
      roleNames.value = (await orgApi.roles()).items;
    } catch {
      roleNames.value = [];
    }
  }

  async function loadAll(): Promise<void> {
    loading.value = true;
    try {
      await Promise.all([loadDepartments(), loadGroups(), loadUsers(), loadRoles()]);
    } finally {
      loading.value = false;
    }
  }

  return {
    departments,
    groups,
    users,
    roleNames,
    loading,
    userName,
    departmentName,
    loadAll,
    loadDepartments,
    loadGroups,
    loadUsers,
  };
});
