// Looks into the element tree a server component returns, without rendering it, to check
// which controls a role is shown.
import type { ReactElement } from 'react';

function isElement(value: unknown): value is ReactElement<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && 'type' in value && 'props' in value;
}

/** True when an element of this component type appears anywhere in the tree. */
export function containsComponent(tree: unknown, type: unknown): boolean {
  if (Array.isArray(tree)) return tree.some((child) => containsComponent(child, type));
  if (!isElement(tree)) return false;
  if (tree.type === type) return true;
  return Object.values(tree.props).some((prop) => containsComponent(prop, type));
}

/** Props of every element of this component type in the tree. */
export function findProps(tree: unknown, type: unknown): Record<string, unknown>[] {
  if (Array.isArray(tree)) return tree.flatMap((child) => findProps(child, type));
  if (!isElement(tree)) return [];
  const own = tree.type === type ? [tree.props] : [];
  return [...own, ...Object.values(tree.props).flatMap((prop) => findProps(prop, type))];
}
