/** Creates a WindowController per data source and transport epoch, and owns its subscription. */
import { useEffect, useMemo, useRef } from 'react';
import { MAX_TABLE_WINDOW } from '../../../shared/contracts/overview';
import { createWindowController, type OpenWindow, type TableQuery, type WindowController } from './window-controller';

const OVERSCAN_ROWS = 60;
const DEBOUNCE_MS = 120;

/**
 * `open` must be stable for one data source (memoise it on the context id);
 * a new `open` or a new `epoch` replaces the controller, keeping the filter and order.
 */
export function useWindowController<Row>(open: OpenWindow<Row>, initialQuery: TableQuery, epoch: number): WindowController<Row> {
  const previous = useRef<WindowController<Row> | undefined>(undefined);

  const controller = useMemo(() => {
    const query = previous.current?.store.getState().query ?? initialQuery;
    return createWindowController({ open, initialQuery: query, overscan: OVERSCAN_ROWS, maxLimit: MAX_TABLE_WINDOW, debounceMs: DEBOUNCE_MS });
    // initialQuery only seeds the first controller; later ones inherit the user's query.
  }, [open, epoch]);

  useEffect(() => {
    previous.current = controller;
    controller.start();
    return () => controller.dispose();
  }, [controller]);

  return controller;
}
