/**
 * The child side of child-server.ts: prints the URL as the first line of stdout, then closes
 * cleanly on SIGTERM (a clean exit is also what lets --cpu-prof write its profile).
 */
export function announce(url: string, close: () => Promise<void>): void {
  process.stdout.write(`${JSON.stringify({ url })}\n`);
  process.once('SIGTERM', () => {
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}

/** Stops a Node HTTP server, dropping keep-alive connections the load generator left open. */
export function closeServer(server: { close(callback: () => void): unknown }): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    if ('closeAllConnections' in server && typeof server.closeAllConnections === 'function') server.closeAllConnections();
  });
}
