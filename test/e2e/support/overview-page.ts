/** Reads the Overview screen the way a user sees it. */
import type { Locator, Page } from 'playwright-core';

export interface CardNumbers {
  capacity: number;
  allocatable: number;
  requested: number;
  schedulable: number;
}

/** Digits only: the UI formats numbers for its language (12,345). */
function parseShown(text: string | null): number {
  const digits = (text ?? '').replace(/[^\d]/g, '');
  if (digits === '') {
    throw new Error(`expected a number on the Overview, found "${text}"`);
  }
  return Number(digits);
}

/** The cards of one extended resource; a resource can have a card per model (H100, A100). */
export function gpuCards(page: Page, resourceName: string): Locator {
  return page.getByTestId('gpu-card').and(page.locator(`[data-resource="${resourceName}"]`));
}

/** Sums the cards of one resource, so the total compares with the API server's per-resource total. */
export async function readGpuNumbers(page: Page, resourceName: string): Promise<CardNumbers> {
  const totals: CardNumbers = { capacity: 0, allocatable: 0, requested: 0, schedulable: 0 };
  for (const card of await gpuCards(page, resourceName).all()) {
    for (const field of Object.keys(totals) as (keyof CardNumbers)[]) {
      totals[field] += parseShown(await card.getByTestId(`gpu-${field}`).textContent());
    }
  }
  return totals;
}
