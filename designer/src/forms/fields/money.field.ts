/**
 * Money: the amount typed in the UI locale (`1 234 567,5`, grouped when not focused) and its currency, chosen when
 * the field allows several. The value is `{ amount, currency }`.
 */
import type { Field } from '@folyam/metamodel';
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { numberToInput, parseNumber } from '../../i18n/format.ts';
import { boundField, useFolyam } from '../context.ts';
import { defineFormField, type FormFieldProps } from '../registry.ts';
import { text } from '../texts.ts';
import { describedBy, FieldFrame, MDI, paletteIcon } from './parts.ts';

type Money = { amount: number; currency: string };

const asMoney = (v: unknown): Money | null =>
  v && typeof v === 'object' && 'amount' in v
    ? (v as Money)
    : typeof v === 'number'
      ? { amount: v, currency: '' }
      : null;

function currenciesOf(field: Field | undefined): { list: string[]; fallback: string } {
  const f = field?.type === 'money' ? field : undefined;
  const fallback = f?.currency ?? f?.currencies?.[0] ?? 'HUF';
  return { list: f?.currencies?.length ? f.currencies : [fallback], fallback };
}

function MoneyField(p: FormFieldProps) {
  const ctx = useFolyam();
  const locale = ctx.locale();
  const money = asMoney(p.value);
  const { list, fallback } = currenciesOf(boundField(ctx, p.field.key));
  const currency = money?.currency || fallback;
  const currencies = list.includes(currency) ? list : [...list, currency];
  const editable = !p.readonly && !p.disabled;

  const [focused, setFocused] = useState(false);
  const [typed, setTyped] = useState(() => numberToInput(money?.amount, locale, true));
  useEffect(() => {
    if (!focused && !Number.isNaN(money?.amount)) setTyped(numberToInput(money?.amount, locale, true));
  }, [money?.amount, focused, locale]);

  function emit(amountText: string, cur: string): void {
    const n = parseNumber(amountText, locale);
    p.onChange({ value: n === null ? null : { amount: n, currency: cur } });
  }

  const input = h('input', {
    id: p.domId,
    class: 'fjs-input folyam-fjs-number',
    type: 'text',
    inputMode: 'decimal',
    autocomplete: 'off',
    value: typed,
    readOnly: !editable,
    disabled: p.disabled,
    'aria-describedby': describedBy(p.domId),
    'aria-invalid': p.errors?.length ? 'true' : undefined,
    'aria-required': p.field.validate?.required ? 'true' : undefined,
    onInput: (e: Event) => {
      const s = (e.currentTarget as HTMLInputElement).value;
      setTyped(s);
      emit(s, currency);
    },
    onFocus: () => {
      setFocused(true);
      setTyped(numberToInput(money?.amount, locale));
      p.onFocus?.();
    },
    onBlur: () => {
      setFocused(false);
      p.onBlur?.();
    },
  });

  const currencyPart =
    currencies.length > 1
      ? h(
          'select',
          {
            class: 'fjs-select folyam-fjs-currency',
            'aria-label': `${p.field.label ?? ''}: ${text('currency', locale)}`,
            value: currency,
            disabled: !editable,
            onChange: (e: Event) => emit(typed, (e.currentTarget as HTMLSelectElement).value),
          },
          currencies.map((c) => h('option', { value: c }, c)),
        )
      : h('span', { class: 'fjs-input-adornment border-left border-radius-right' }, h('span', {}, currency));

  return FieldFrame({
    ...p,
    kind: 'folyam-money',
    children: h('div', { class: 'fjs-input-group' }, [input, currencyPart]),
  });
}

export default defineFormField({
  type: 'folyam-money',
  binds: ['money'],
  label: { hu: 'Pénzösszeg', en: 'Money' },
  icon: paletteIcon(MDI.cash),
  render: MoneyField,
  emptyValue: null,
  sanitizeValue: (v) => asMoney(v),
  validate: (v) => {
    const m = asMoney(v);
    return m && Number.isNaN(m.amount) ? [{ hu: 'Számot adjon meg.', en: 'Enter a number.' }] : [];
  },
  propertiesPanelEntries: ['label', 'description', 'readonly', 'disabled', 'required'],
});
