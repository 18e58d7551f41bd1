"use client";

import { useId, useState, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import { useFieldArray, useForm, type UseFormReturn } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { DndContext, KeyboardSensor, PointerSensor, closestCenter, useSensor, useSensors, type Announcements, type DragEndEvent, type UniqueIdentifier } from "@dnd-kit/core";
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { ArrowDown, ArrowUp, GripVertical, Plus, Trash2 } from "lucide-react";
import { questionKinds } from "@/lib/org/org-config-schema";
import { requestTypeFormSchema, type RequestTypeFormValues } from "@/lib/forms/request-type-form-schema";
import type { ActionResult } from "@/lib/forms/action-result";
import { Button } from "@/components/ui/button";

type Props = {
  /** The page's server action (saveRequestTypeAction), handed down (ADR 0011). */
  save: (input: { organizationId: number; requestTypeId: number | null; values: RequestTypeFormValues }) => Promise<ActionResult<{ id: number }>>;
  organizationId: number;
  organizationSlug: string;
  requestTypeId: number | null;
  defaults: RequestTypeFormValues;
  agencies: { id: number; name: string }[];
  /** The title it had: renaming is allowed, with a word about mapping files. */
  savedTitle: string | null;
  /** Where to go once saved (the review it was opened from); else the organization. */
  afterSave?: string | null;
};

type Form = UseFormReturn<RequestTypeFormValues>;
const inputClass = "h-10 rounded-md border border-border bg-white px-3 text-sm aria-[invalid=true]:border-danger";

/** A request type and its questions; the same zod schema checks them here and in the server action. */
export function RequestTypeForm({ save, organizationId, organizationSlug, requestTypeId, defaults, agencies, savedTitle, afterSave = null }: Props) {
  const router = useRouter();
  const ids = { title: useId(), agency: useId(), assign: useId(), enabled: useId() };
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<RequestTypeFormValues>({ resolver: zodResolver(requestTypeFormSchema), defaultValues: defaults, mode: "onBlur" });
  const errors = form.formState.errors;
  const title = form.watch("title");
  const onSubmit = form.handleSubmit(async (values) => {
    setFailure(null);
    const result = await save({ organizationId, requestTypeId, values });
    if (!result.ok) setFailure(result.reason);
    else {
      router.push(afterSave ?? `/organizations/${organizationSlug}`);
      router.refresh();
    }
  });
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-6">
      <div className="grid gap-5 md:grid-cols-2">
        <div className="flex flex-col gap-1.5">
          <label htmlFor={ids.title} className="text-sm font-medium">Title</label>
          <input id={ids.title} className={inputClass} aria-invalid={errors.title ? true : undefined} {...form.register("title")} />
          {savedTitle && title.trim() !== savedTitle ? (
            <p className="text-xs text-warning">Mapping files and source profiles name request types by title: ones that map to &quot;{savedTitle}&quot; need the new title too.</p>
          ) : null}
          {errors.title ? <p role="alert" className="text-xs text-danger">{errors.title.message}</p> : null}
        </div>
        <div className="flex flex-col gap-1.5">
          <label htmlFor={ids.agency} className="text-sm font-medium">Agency</label>
          <select id={ids.agency} className={inputClass} aria-invalid={errors.agencyId ? true : undefined} {...form.register("agencyId")}>
            <option value="">Choose…</option>
            {agencies.map((agency) => (
              <option key={agency.id} value={String(agency.id)}>{agency.name}</option>
            ))}
          </select>
          {errors.agencyId ? <p role="alert" className="text-xs text-danger">{errors.agencyId.message}</p> : null}
        </div>
        <div className="flex flex-col gap-1.5">
          <label htmlFor={ids.assign} className="text-sm font-medium">Auto-assign to</label>
          <input id={ids.assign} type="email" className={inputClass} aria-invalid={errors.autoAssignEmail ? true : undefined} {...form.register("autoAssignEmail")} />
          <p className="text-xs text-muted-foreground">Rows with auto_assignment Yes are assigned to this user. Empty: nobody.</p>
          {errors.autoAssignEmail ? <p role="alert" className="text-xs text-danger">{errors.autoAssignEmail.message}</p> : null}
        </div>
        <label htmlFor={ids.enabled} className="flex items-center gap-2 self-center text-sm font-medium">
          <input id={ids.enabled} type="checkbox" className="size-4" {...form.register("enabled")} />
          Enabled (new issues can use it)
        </label>
      </div>
      <Questions form={form} />
      {failure ? <p role="alert" className="rounded-md border border-red-200 bg-danger-soft px-4 py-3 text-sm text-danger">{failure}</p> : null}
      <div>
        <Button type="submit" disabled={form.formState.isSubmitting}>{form.formState.isSubmitting ? "Saving…" : requestTypeId ? "Save request type" : "Add request type"}</Button>
      </div>
    </form>
  );
}

/**
 * The questions, in order: dragged by their handle (dnd-kit, which also lifts and moves them with
 * Space and the arrow keys), or moved with Move up/down, the plainest way from the keyboard.
 */
function Questions({ form }: { form: Form }) {
  const { fields, append, remove, move } = useFieldArray({ control: form.control, name: "questions" });
  // A fixed id keeps dnd-kit's aria-describedby the same on the server and in the browser.
  const dndId = useId();
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const position = (id: UniqueIdentifier | undefined) => fields.findIndex((field) => field.id === id) + 1;
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (over && active.id !== over.id) move(position(active.id) - 1, position(over.id) - 1);
  };
  return (
    <fieldset className="flex flex-col gap-3">
      <legend className="text-sm font-medium">Questions</legend>
      {fields.length === 0 ? <p className="text-sm text-muted-foreground">No questions: rows of this type need no Q: columns.</p> : null}
      <DndContext id={dndId} sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd} accessibility={{ announcements: announcements(position) }}>
        <SortableContext items={fields.map((field) => field.id)} strategy={verticalListSortingStrategy}>
          <ol className="flex flex-col gap-3">
            {fields.map((field, index) => (
              <SortableQuestion key={field.id} id={field.id} index={index}>
                <QuestionEditor form={form} index={index} />
                <div className="mt-2 flex gap-2">
                  <Button type="button" variant="ghost" size="sm" onClick={() => move(index, index - 1)} disabled={index === 0} aria-label={`Move question ${index + 1} up`}><ArrowUp className="size-4" /></Button>
                  <Button type="button" variant="ghost" size="sm" onClick={() => move(index, index + 1)} disabled={index === fields.length - 1} aria-label={`Move question ${index + 1} down`}><ArrowDown className="size-4" /></Button>
                  <Button type="button" variant="ghost" size="sm" onClick={() => remove(index)} aria-label={`Remove question ${index + 1}`}><Trash2 className="size-4" /></Button>
                </div>
              </SortableQuestion>
            ))}
          </ol>
        </SortableContext>
      </DndContext>
      <div>
        <Button type="button" variant="secondary" size="sm" onClick={() => append({ id: "", text: "", kind: "text", required: false, optionsText: "" })}>
          <Plus className="size-4" /> Add a question
        </Button>
      </div>
    </fieldset>
  );
}

/** What a screen reader hears while a question is dragged: positions, not dnd-kit's internal ids. */
function announcements(position: (id: UniqueIdentifier | undefined) => number): Announcements {
  return {
    onDragStart: ({ active }) => `Picked up question ${position(active.id)}.`,
    onDragOver: ({ active, over }) => (over ? `Question ${position(active.id)} is over position ${position(over.id)}.` : `Question ${position(active.id)} is over no position.`),
    onDragEnd: ({ active, over }) => (over ? `Question ${position(active.id)} dropped at position ${position(over.id)}.` : `Question ${position(active.id)} dropped where it was.`),
    onDragCancel: ({ active }) => `Moving question ${position(active.id)} cancelled.`,
  };
}

/** One question's card, with the handle it is dragged by. */
function SortableQuestion({ id, index, children }: { id: string; index: number; children: ReactNode }) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id });
  return (
    <li ref={setNodeRef} style={{ transform: CSS.Translate.toString(transform), transition }} className={`flex gap-2 rounded-md border border-border bg-white p-3 ${isDragging ? "relative z-10 shadow-lg" : ""}`}>
      <button type="button" ref={setActivatorNodeRef} {...attributes} {...listeners} aria-label={`Drag question ${index + 1} to reorder`} className="h-8 cursor-grab touch-none rounded-md px-1 text-muted-foreground hover:bg-muted active:cursor-grabbing">
        <GripVertical className="size-4" />
      </button>
      <div className="min-w-0 flex-1">{children}</div>
    </li>
  );
}

function QuestionEditor({ form, index }: { form: Form; index: number }) {
  const id = useId();
  const kind = form.watch(`questions.${index}.kind`);
  const errors = form.formState.errors.questions?.[index];
  const takesOptions = kind === "select" || kind === "multivaluelist";
  return (
    <div className="grid gap-3 md:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_auto]">
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-text`} className="text-xs font-medium">Question {index + 1}</label>
        <input id={`${id}-text`} className={inputClass} aria-invalid={errors?.text ? true : undefined} {...form.register(`questions.${index}.text`)} />
        {errors?.text ? <p role="alert" className="text-xs text-danger">{errors.text.message}</p> : null}
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-kind`} className="text-xs font-medium">Kind of answer {index + 1}</label>
        <select id={`${id}-kind`} className={inputClass} {...form.register(`questions.${index}.kind`)}>
          {questionKinds.map((option) => <option key={option} value={option}>{option}</option>)}
        </select>
      </div>
      <label className="flex items-center gap-2 self-end pb-2 text-sm">
        <input type="checkbox" className="size-4" {...form.register(`questions.${index}.required`)} /> Required
      </label>
      {takesOptions ? (
        <div className="flex flex-col gap-1 md:col-span-3">
          <label htmlFor={`${id}-options`} className="text-xs font-medium">Options of question {index + 1}, one per line</label>
          <textarea id={`${id}-options`} rows={3} className="rounded-md border border-border bg-white p-2 text-sm aria-[invalid=true]:border-danger" aria-invalid={errors?.optionsText ? true : undefined} {...form.register(`questions.${index}.optionsText`)} />
          {errors?.optionsText ? <p role="alert" className="text-xs text-danger">{errors.optionsText.message}</p> : null}
        </div>
      ) : null}
    </div>
  );
}
