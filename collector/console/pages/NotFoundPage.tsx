import { Link } from '../components/Link';

/** A path under /console that is no page of the console. */
export function NotFoundPage() {
  return (
    <section class="page">
      <h1 class="page-title">Page not found</h1>
      <p>There is no such page in the console.</p>
      <p>
        <Link href="/review">Go to the review queue</Link>
      </p>
    </section>
  );
}
