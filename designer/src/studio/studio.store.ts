/**
 * The Studio's shared state: what the draft changes against the published metadata, publishing it (a dry run that
 * shows the plan first, then the real thing, confirming data loss when the plan drops data), discarding it, and
 * reloading the workspace's metadata afterwards so screens pick the change up without a restart.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { ApiError } from '../api/client.ts';
import { useMetaStore } from '../shell/meta.store.ts';
import { studioApi, type MetaChange, type MetaKind, type PublishResult } from './studio.api.ts';

/** Run before publishing (a designer saving its unsaved work); false stops the publish. */
export type BeforePublish = () => Promise<boolean>;

export const useStudioStore = defineStore('studio', () => {
  const changes = ref<MetaChange[]>([]);
  const loaded = ref(false);
  /** Bumped whenever the draft was published or discarded: designers reload their working copies. */
  const generation = ref(0);
  const hooks = new Set<BeforePublish>();

  const changeCount = computed(() => changes.value.length);

  async function refresh(): Promise<void> {
    try {
      changes.value = (await studioApi.draft()).changes;
    } catch (e) {
      // the draft cannot be planned (e.g. it does not validate): the list of changes is still useful elsewhere
      if (!(e instanceof ApiError)) throw e;
    } finally {
      loaded.value = true;
    }
  }

  /** How an object of the draft differs from the published one, if it does. */
  function changeOf(kind: MetaKind, name: string): MetaChange['change'] | undefined {
    return changes.value.find((c) => c.kind === kind && c.name === name)?.change;
  }

  function onBeforePublish(hook: BeforePublish): () => void {
    hooks.add(hook);
    return () => hooks.delete(hook);
  }

  /** Lets every open designer save first; false when one of them could not. */
  async function prepareToPublish(): Promise<boolean> {
    for (const hook of hooks) if (!(await hook())) return false;
    await refresh();
    return true;
  }

  /** The plan without applying it. Throws ApiError (validation details) when the draft is not publishable. */
  function preview(): Promise<PublishResult> {
    return studioApi.publish({ dryRun: true });
  }

  /** Applies the draft, then reloads the workspace metadata. Throws ApiError (409 with `plan` on unconfirmed loss). */
  async function publish(confirmDataLoss: boolean): Promise<PublishResult> {
    const result = await studioApi.publish({ confirmDataLoss });
    await afterDraftChange();
    return result;
  }

  async function discard(): Promise<void> {
    await studioApi.discardDraft();
    await afterDraftChange();
  }

  async function afterDraftChange(): Promise<void> {
    generation.value++;
    await Promise.all([refresh(), useMetaStore().load(true)]);
  }

  return {
    changes,
    loaded,
    generation,
    changeCount,
    refresh,
    changeOf,
    onBeforePublish,
    prepareToPublish,
    preview,
    publish,
    discard,
  };
});
