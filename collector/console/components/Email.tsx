/**
 * An email address that wraps where a reader expects it to (after "@", ".", "+", "-", "_") when
 * its column is too narrow, rather than at any letter; the text is the address unchanged.
 */
import { Fragment } from 'preact';

export function Email(props: { address: string; class?: string }) {
  const parts = props.address.split(/(?<=[@.+\-_])/);
  return (
    <span class={props.class}>
      {parts.map((part, index) => (
        <Fragment key={index}>
          {index > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </span>
  );
}
