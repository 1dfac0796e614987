/** The public address of a claim link: what a friend clicks (GET /x/:code). */
export function claimUrl(publicUrl: string, code: string): string {
  return `${publicUrl}/x/${code}`;
}

/** The public address of an offer's own page, its show_url (GET /o/:short_url_code). */
export function offerPageUrl(publicUrl: string, shortUrlCode: string): string {
  return `${publicUrl}/o/${shortUrlCode}`;
}
