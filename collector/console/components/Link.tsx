/**
 * A link to a console page: a real <a href> (opens in a new tab, copies as a URL) that moves
 * inside the app on an ordinary click.
 */
import type { ComponentChildren } from 'preact';
import { BASE, navigate } from '../router';

export function Link(props: { href: string; class?: string; current?: boolean; onNavigate?: () => void; children: ComponentChildren }) {
  return (
    <a
      href={`${BASE}${props.href}`}
      class={props.class}
      aria-current={props.current ? 'page' : undefined}
      onClick={(event) => {
        if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigate(props.href);
        props.onNavigate?.();
      }}
    >
      {props.children}
    </a>
  );
}
