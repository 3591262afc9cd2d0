/** Pieces every Folyam form-js field shares: form-js's field frame (label, description, errors) and its classes. */
import { Description, Errors, Label } from '@bpmn-io/form-js-viewer';
import { h, type ComponentChildren, type VNode } from 'preact';
import type { AnyComponent, FormFieldProps } from '../registry.ts';

export function fieldClasses(kind: string, p: Pick<FormFieldProps, 'errors' | 'disabled' | 'readonly'>): string {
  return [
    'fjs-form-field',
    `fjs-form-field-${kind}`,
    p.errors?.length ? 'fjs-has-errors' : '',
    p.disabled ? 'fjs-disabled' : '',
    p.readonly ? 'fjs-readonly' : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** The ids an input's `aria-describedby` names: its description and its errors. */
export const describedBy = (domId: string) => `${domId}-description ${domId}-error-message`;

export const isRequired = (p: FormFieldProps) => !!p.field.validate?.required;

/** Label, the input(s), description and errors, laid out like form-js's own fields. */
export function FieldFrame(
  p: FormFieldProps & { kind: string; children: ComponentChildren; labelFor?: string },
): VNode {
  return h('div', { class: fieldClasses(p.kind, p) }, [
    h(Label as unknown as AnyComponent, {
      htmlFor: p.labelFor ?? p.domId,
      label: p.field.label,
      required: isRequired(p),
    }),
    p.children,
    h(Description as unknown as AnyComponent, { id: `${p.domId}-description`, description: p.field.description }),
    h(Errors as unknown as AnyComponent, { id: `${p.domId}-error-message`, errors: p.errors ?? [] }),
  ]);
}

/** A tiny inline SVG icon (Material Design paths, 24×24). */
export function icon(path: string, cls = 'folyam-fjs-icon'): VNode {
  return h(
    'svg',
    { class: cls, viewBox: '0 0 24 24', width: 18, height: 18, 'aria-hidden': 'true', focusable: 'false' },
    [h('path', { d: path, fill: 'currentColor' })],
  );
}

/** Palette icons: a glyph centred in form-js's 54×54 palette box. */
export function paletteIcon(path: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 54 54"><g transform="translate(12 12) scale(1.25)"><path d="${path}" fill="currentColor"/></g></svg>`;
}

export const MDI = {
  link: 'M3.9,12C3.9,10.29 5.29,8.9 7,8.9H11V7H7A5,5 0 0,0 2,12A5,5 0 0,0 7,17H11V15.1H7C5.29,15.1 3.9,13.71 3.9,12M8,13H16V11H8V13M17,7H13V8.9H17C18.71,8.9 20.1,10.29 20.1,12C20.1,13.71 18.71,15.1 17,15.1H13V17H17A5,5 0 0,0 22,12A5,5 0 0,0 17,7Z',
  cash: 'M3,6H21V18H3V6M12,9A3,3 0 0,1 15,12A3,3 0 0,1 12,15A3,3 0 0,1 9,12A3,3 0 0,1 12,9M7,8A2,2 0 0,1 5,10V14A2,2 0 0,1 7,16H17A2,2 0 0,1 19,14V10A2,2 0 0,1 17,8H7Z',
  phone:
    'M6.62,10.79C8.06,13.62 10.38,15.94 13.21,17.38L15.41,15.18C15.69,14.9 16.08,14.82 16.43,14.93C17.55,15.3 18.75,15.5 20,15.5A1,1 0 0,1 21,16.5V20A1,1 0 0,1 20,21A17,17 0 0,1 3,4A1,1 0 0,1 4,3H7.5A1,1 0 0,1 8.5,4C8.5,5.25 8.7,6.45 9.07,7.57C9.18,7.92 9.1,8.31 8.82,8.59L6.62,10.79Z',
  card: 'M2,3H22C23.05,3 24,3.95 24,5V19C24,20.05 23.05,21 22,21H2C0.95,21 0,20.05 0,19V5C0,3.95 0.95,3 2,3M14,6V7H22V6H14M14,8V9H21.5L22,9V8H14M14,10V11H21V10H14M8,13.91C6,13.91 2,15 2,17V18H14V17C14,15 10,13.91 8,13.91M8,6A3,3 0 0,0 5,9A3,3 0 0,0 8,12A3,3 0 0,0 11,9A3,3 0 0,0 8,6Z',
  list: 'M7,5H21V7H7V5M7,13V11H21V13H7M4,4.5A1.5,1.5 0 0,1 5.5,6A1.5,1.5 0 0,1 4,7.5A1.5,1.5 0 0,1 2.5,6A1.5,1.5 0 0,1 4,4.5M4,10.5A1.5,1.5 0 0,1 5.5,12A1.5,1.5 0 0,1 4,13.5A1.5,1.5 0 0,1 2.5,12A1.5,1.5 0 0,1 4,10.5M7,19V17H21V19H7M4,16.5A1.5,1.5 0 0,1 5.5,18A1.5,1.5 0 0,1 4,19.5A1.5,1.5 0 0,1 2.5,18A1.5,1.5 0 0,1 4,16.5Z',
  paperclip:
    'M16.5,6V17.5A4,4 0 0,1 12.5,21.5A4,4 0 0,1 8.5,17.5V5A2.5,2.5 0 0,1 11,2.5A2.5,2.5 0 0,1 13.5,5V15.5A1,1 0 0,1 12.5,16.5A1,1 0 0,1 11.5,15.5V6H10V15.5A2.5,2.5 0 0,0 12.5,18A2.5,2.5 0 0,0 15,15.5V5A4,4 0 0,0 11,1A4,4 0 0,0 7,5V17.5A5.5,5.5 0 0,0 12.5,23A5.5,5.5 0 0,0 18,17.5V6H16.5Z',
  close:
    'M19,6.41L17.59,5L12,10.59L6.41,5L5,6.41L10.59,12L5,17.59L6.41,19L12,13.41L17.59,19L19,17.59L13.41,12L19,6.41Z',
  open: 'M14,3V5H17.59L7.76,14.83L9.17,16.24L19,6.41V10H21V3M19,19H5V5H12V3H5C3.89,3 3,3.9 3,5V19A2,2 0 0,0 5,21H19A2,2 0 0,0 21,19V12H19V19Z',
};
