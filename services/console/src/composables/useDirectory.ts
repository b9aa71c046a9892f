import { computed, shallowRef } from 'vue';
import { listCategories, listTownships, listUnits } from '../api/directory.ts';
import type { Category, Township, UnitItem } from '../api/types.ts';

const categories = shallowRef<Category[]>([]);
const townships = shallowRef<Township[]>([]);
const units = shallowRef<UnitItem[]>([]);
let categoriesLoad: Promise<void> | undefined;
let townshipsLoad: Promise<void> | undefined;
let unitsLoad: Promise<void> | undefined;

/**
 * The city's categories, townships and handling units, loaded once per visit and shared by every
 * screen that names them. A failure leaves the codes shown as they are.
 */
export function useDirectory(what: { units?: boolean } = {}) {
  categoriesLoad ??= listCategories()
    .then((r) => void (categories.value = r.items))
    .catch(() => void (categoriesLoad = undefined));
  townshipsLoad ??= listTownships()
    .then((r) => void (townships.value = r.items))
    .catch(() => void (townshipsLoad = undefined));
  if (what.units)
    unitsLoad ??= listUnits()
      .then((r) => void (units.value = r.items))
      .catch(() => void (unitsLoad = undefined));
  const names = <T extends { code: string; name: string }>(list: T[]) => new Map(list.map((i) => [i.code, i.name]));
  const categoryNames = computed(() => names(categories.value));
  const townshipNames = computed(() => names(townships.value));
  const unitNames = computed(() => names(units.value));
  return {
    categories,
    townships,
    units,
    ready: () => Promise.all([categoriesLoad, townshipsLoad, unitsLoad]),
    categoryName: (code: string | null | undefined) => (code ? (categoryNames.value.get(code) ?? code) : '—'),
    townshipName: (code: string | null | undefined) => (code ? (townshipNames.value.get(code) ?? code) : '—'),
    unitName: (code: string | null | undefined) => (code ? (unitNames.value.get(code) ?? code) : '—'),
  };
}
