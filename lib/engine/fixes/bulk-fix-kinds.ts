import type { ProblemCode } from "../problem.ts";

// What each bulk fix is called and which problems it repairs: no code that runs a fix, so the
// browser can show the list without loading the time-zone rules the fixes need.

export const bulkFixKinds = ["swap_coordinates", "add_utc_offset", "normalize_yes_no", "address_line_breaks", "default_location", "map_request_types", "find_replace"] as const;
export type BulkFixKind = (typeof bulkFixKinds)[number];

export type BulkFixInfo = {
  title: string;
  description: string;
  /** The problem codes of the rows worth looking at (the server filters on them). */
  codes: readonly ProblemCode[];
};

export const bulkFixInfo: Record<BulkFixKind, BulkFixInfo> = {
  swap_coordinates: {
    title: "Swap lat and lng",
    description: "Rows whose point lands inside the boundary once latitude and longitude trade places.",
    codes: ["coordinates_swapped"],
  },
  add_utc_offset: {
    title: "Add the organization's UTC offset",
    description: "Timestamps without an offset get the offset their local time had in the organization's time zone (per instant, so summer and winter differ). Times that fell in a DST gap or repeat are left for you.",
    codes: ["missing_offset"],
  },
  normalize_yes_no: {
    title: "Normalise Yes/No spellings",
    description: "auto_assignment values such as yes, Y or TRUE become Yes or No; yes/no answers to boolean questions become true or false.",
    codes: ["invalid_yes_no", "invalid_answer"],
  },
  address_line_breaks: {
    title: "Replace line breaks in addresses",
    description: "Line breaks in address become “, ”.",
    codes: ["line_break_not_allowed"],
  },
  default_location: {
    title: "Use the default location for rows without one",
    description: "Rows with a blank or non-numeric lat or lng move to the organization's default location (its address too, when the row has none).",
    codes: ["required", "invalid_number"],
  },
  map_request_types: {
    title: "Map unknown request types",
    description: "Rows whose request type is not one of the organization's get the type you choose; the mapping is saved on the organization for later imports.",
    codes: ["unknown_request_type"],
  },
  find_replace: {
    title: "Find and replace",
    description: "Text you name, in one column or all, replaced by other text: every occurrence in a cell, or only cells equal to it.",
    // Any row may hold the text: the server looks for it in the rows' values.
    codes: [],
  },
};
