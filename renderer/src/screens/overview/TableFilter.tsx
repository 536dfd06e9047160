/** Filter box of a windowed table; main filters, so every keystroke only reopens the window (debounced). */
import { useState } from 'react';
import type { WindowController } from '../../tables/window-controller';

export function TableFilter<Row>({ controller, label }: { controller: WindowController<Row>; label: string }) {
  const [value, setValue] = useState(() => controller.store.getState().query.filter);

  return (
    <input
      type="search"
      className="table-filter"
      aria-label={label}
      placeholder={label}
      value={value}
      maxLength={256}
      onChange={(event) => {
        setValue(event.target.value);
        controller.setQuery({ filter: event.target.value });
      }}
    />
  );
}
