import { ref, shallowRef, watch, type Ref, type ShallowRef, type WatchSource } from 'vue';
import { errorText } from '../api/request.ts';
import type { Page } from '../api/types.ts';

/**
 * A screen's data: loaded on use and again whenever `source` changes (a year, a filter), with its
 * Chinese error and a loading flag.
 */
export function useLoad<T>(
  load: () => Promise<T>,
  source?: WatchSource | WatchSource[],
): { data: ShallowRef<T | undefined>; error: Ref<string | undefined>; loading: Ref<boolean>; reload: () => Promise<void> } {
  const data = shallowRef<T>();
  const error = ref<string>();
  const loading = ref(true);
  const reload = async () => {
    loading.value = true;
    error.value = undefined;
    try {
      data.value = await load();
    } catch (caught) {
      error.value = errorText(caught);
    } finally {
      loading.value = false;
    }
  };
  if (source) watch(source, () => void reload());
  void reload();
  return { data, error, loading, reload };
}

/** A list the API pages (`nextCursor`): the first page on use, more on request, all again on `source` change. */
export function usePagedList<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>, source?: WatchSource | WatchSource[]) {
  const items = ref<T[]>([]) as Ref<T[]>;
  const cursor = ref<string | null>(null);
  const loading = ref(true);
  const error = ref<string>();
  async function load(more = false) {
    loading.value = true;
    error.value = undefined;
    try {
      const page = await fetchPage(more ? (cursor.value ?? undefined) : undefined);
      items.value = more ? [...items.value, ...page.items] : page.items;
      cursor.value = page.nextCursor;
    } catch (caught) {
      error.value = errorText(caught);
    } finally {
      loading.value = false;
    }
  }
  if (source) watch(source, () => void load());
  void load();
  return { items, cursor, loading, error, load };
}

/** Runs an action, keeping its error, its confirmation and a busy flag for the button that started it. */
export function useAction() {
  const busy = ref(false);
  const error = ref<string>();
  const done = ref<string>();
  async function run<T>(action: () => Promise<T>, doneText?: string): Promise<T | undefined> {
    busy.value = true;
    error.value = undefined;
    done.value = undefined;
    try {
      const result = await action();
      done.value = doneText;
      return result;
    } catch (caught) {
      error.value = errorText(caught);
      return undefined;
    } finally {
      busy.value = false;
    }
  }
  return { busy, error, done, run };
}
