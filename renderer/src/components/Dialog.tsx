/**
 * A modal built on <dialog>: the browser traps focus, Escape closes it (the
 * `cancel` event), and the title names it for screen readers and tests.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface DialogProps {
  open: boolean;
  onClose(): void;
  labelKey: string;
  labelValues?: Record<string, string>;
  className?: string;
  children: ReactNode;
}

export function Dialog({ open, onClose, labelKey, labelValues, className, children }: DialogProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) {
      return;
    }
    if (open && !dialog.open) {
      dialog.showModal();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      className={['dialog', className].filter(Boolean).join(' ')}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClick={(event) => {
        // A click on the backdrop lands on the dialog element itself.
        if (event.target === ref.current) {
          onClose();
        }
      }}
    >
      <h2 id={titleId} className="dialog-title">
        {t(labelKey, labelValues ?? {})}
      </h2>
      {children}
    </dialog>
  );
}
