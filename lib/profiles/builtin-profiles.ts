import { sourceProfileSchema, type SourceProfile, type SourceProfileInput } from "./profile-schema.ts";

/**
 * The built-in profiles (contract §7), each a starting point a CSM can save with
 * `--save-profile`, adjust and pass back. Their descriptions say what they assume; the facts
 * come from ../shared/spec/real-world-notes.md and the two real files in shared/data/real.
 */

const publicStuffCsv: SourceProfileInput = {
  name: "publicstuff-csv",
  description:
    "Accela PublicStuff CSV pulled through its API (header Attachment URL,ID,Title,…,Latitude,Longitude,Rank,User). Assumes: `Date Created` is Unix epoch seconds; `Title` is the request type and the summary; `Description` may hold line breaks (blank → the title); `Status` is submitted/received/in progress (open) or completed (closed), `other` is left for the CSM (status_unknown); the export has no close time, so a completed row gets its created time as closed_at (closed_without_time); `NA` means no value; zip codes that lost their leading zero are kept as they are, in the internal comment with the other columns.",
  identifyingHeaders: ["Attachment URL", "ID", "Title", "Description", "Status", "Address", "Location", "Zip Code", "Date Created", "Num Of Comments", "Num Of Followers", "Num Of Supporters", "Latitude", "Longitude", "Rank", "User"],
  delimiter: "comma",
  timestamps: { formats: ["epoch-seconds", "iso"] },
  columns: {
    lat: "Latitude",
    lng: "Longitude",
    address: { kind: "firstOf", columns: ["Address", "Location"] },
    request_type: "Title",
    summary: "Title",
    description: { kind: "firstOf", columns: ["Description", "Title"] },
    created_at: "Date Created",
  },
  status: { column: "Status", open: ["submitted", "received", "in progress"], closed: ["completed"] },
};

const publicStuffApi: SourceProfileInput = {
  name: "publicstuff-api",
  description:
    "The newer PublicStuff API's request list flattened to CSV (created_at, completed_at, request_type_name, contact_info.*, geo_location.*; `geo_location.latitude` and `geo_location_latitude` both match). Assumes: created_at/completed_at are epoch seconds or ISO 8601; statuses SUBMITTED, RECEIVED, IN_PROGRESS (open) and COMPLETED (closed), OTHER left for the CSM; completed_at is the close time; contact_info.email is the reporter; the title (or the request type) is the summary.",
  identifyingHeaders: ["id", "title", "description", "status", "created_at", "completed_at", "due_at", "priority", "request_type_name", "geo_location.latitude", "geo_location.longitude", "geo_location.postal_address"],
  delimiter: "auto",
  timestamps: { formats: ["epoch-seconds", "iso"] },
  columns: {
    lat: { kind: "firstOf", columns: ["geo_location.latitude", "latitude", "lat"] },
    lng: { kind: "firstOf", columns: ["geo_location.longitude", "longitude", "lng", "lon"] },
    address: { kind: "firstOf", columns: ["geo_location.postal_address", "address"] },
    request_type: "request_type_name",
    summary: { kind: "firstOf", columns: ["title", "request_type_name"] },
    description: { kind: "firstOf", columns: ["description", "title", "request_type_name"] },
    reporter_email: "contact_info.email",
    created_at: "created_at",
  },
  status: { column: "status", open: ["SUBMITTED", "RECEIVED", "IN_PROGRESS"], closed: ["COMPLETED"], closedAt: "completed_at" },
};

const webCentralCrt: SourceProfileInput = {
  name: "web-central-crt",
  description:
    "Web Central CRT (Citizen Request Tracker) TXT export, tab- or pipe-delimited (sniffed). No public source lists its columns, so this ASSUMES a header of Request ID, Category, Form Name, Status, Date Submitted, Date Closed, Address, Latitude, Longitude, Description, First Name, Last Name, Email, Phone, Assigned To, Department, Staff Notes, Response to Requester; confirm it against a real export. Form Name (within Category) is the request type; timestamps are US month-first local times (MM/dd/yyyy with a 12- or 24-hour clock) in the organization's zone; Open/In Progress/Pending/Assigned are open and Closed/Completed/Resolved closed; Staff Notes become an internal comment and Response to Requester a public one (the message history).",
  identifyingHeaders: ["Request ID", "Category", "Form Name", "Status", "Date Submitted", "Date Closed", "Address", "Description", "Assigned To", "Department"],
  delimiter: "auto",
  timestamps: { formats: ["M/d/yyyy h:mm:ss a", "M/d/yyyy h:mm a", "M/d/yyyy H:mm:ss", "M/d/yyyy H:mm", "M/d/yyyy", "iso"] },
  columns: {
    lat: "Latitude",
    lng: "Longitude",
    address: "Address",
    request_type: { kind: "firstOf", columns: ["Form Name", "Category"] },
    summary: { kind: "template", template: "{Category}: {Form Name}" },
    description: { kind: "firstOf", columns: ["Description", "Form Name"] },
    reporter_email: "Email",
    created_at: "Date Submitted",
    internal_comment_1: "Staff Notes",
    public_comment_1: "Response to Requester",
  },
  status: { column: "Status", open: ["Open", "In Progress", "Pending", "Assigned", "New"], closed: ["Closed", "Completed", "Resolved"], closedAt: "Date Closed" },
};

const open311Bulk: SourceProfileInput = {
  name: "open311-bulk",
  description:
    "Open311 GeoReport v2 requests, as the bulk CSV (its extension's columns included) or as the requests.json list (read as records, nested fields dotted). Assumes: requested_datetime and closed_date are ISO 8601 with Z or ±HH:MM (naive ones read in the organization's zone); status is open or closed and closed_date is the close time (updated_datetime is not taken for it, it is kept in the comment); service_name is the request type; status_notes is the public reply (public_comment_1).",
  identifyingHeaders: ["service_request_id", "status", "status_notes", "service_name", "service_code", "description", "agency_responsible", "requested_datetime", "updated_datetime", "expected_datetime", "address", "zipcode", "lat", "long", "media_url"],
  delimiter: "comma",
  timestamps: { formats: ["iso"] },
  columns: {
    lat: "lat",
    lng: "long",
    address: "address",
    request_type: "service_name",
    summary: { kind: "firstOf", columns: ["service_name"] },
    description: { kind: "firstOf", columns: ["description", "service_name"] },
    created_at: "requested_datetime",
    public_comment_1: "status_notes",
  },
  status: { column: "status", open: ["open"], closed: ["closed"], closedAt: "closed_date" },
};

const seeClickFixExport: SourceProfileInput = {
  name: "seeclickfix-export",
  description:
    "SeeClickFix's own CSV export as cities publish it (Id, Summary, …, Created_at_local, Closed_at_local, …). Assumes: the *_local timestamps are month-first local times (m/d/y h:m, 24-hour, optional seconds, 2- or 4-digit year) in the organization's zone; a row with Closed_at_local is closed; Request_type is the request type.",
  identifyingHeaders: ["Id", "Summary", "Rating", "Address", "Description", "Agency_Name", "Request_type", "Lat", "Lng", "Created_at_local", "Acknowledged_at_local", "Closed_at_local", "Minutes_to_Acknowledge", "Minutes_to_Close", "Assignee_name", "Category", "Sla_in_hours", "Report_Source", "Export_tagged_places"],
  delimiter: "comma",
  timestamps: { formats: ["M/d/yyyy H:mm", "M/d/yyyy H:mm:ss", "M/d/yy H:mm", "M/d/yy H:mm:ss", "M/d/yyyy h:mm a", "iso"] },
  columns: {
    lat: "Lat",
    lng: "Lng",
    address: "Address",
    request_type: "Request_type",
    summary: { kind: "firstOf", columns: ["Summary", "Request_type"] },
    description: { kind: "firstOf", columns: ["Description", "Summary", "Request_type"] },
    created_at: "Created_at_local",
    closed_at: "Closed_at_local",
  },
};

const nyc311: SourceProfileInput = {
  name: "nyc-311",
  description:
    "NYC 311 Service Requests from NYC Open Data. Assumes: Created Date and Closed Date are 12-hour local times (02/01/2023 11:44:53 PM) in America/New_York; Complaint Type is the request type and '{Complaint Type}: {Descriptor}' the summary; Incident Address (else Street Name) is the address; statuses Open, Assigned, Pending, Started, In Progress are open and Closed is closed, others (Unspecified…) are left for the CSM; a Closed Date on an open row stays in the comment; Resolution Description is the public reply; the other columns (borough, community board, state-plane coordinates, …) go into the internal comment.",
  identifyingHeaders: ["Unique Key", "Created Date", "Closed Date", "Agency", "Agency Name", "Complaint Type", "Descriptor", "Location Type", "Incident Zip", "Incident Address", "Street Name", "Status", "Resolution Description", "Community Board", "Borough", "Latitude", "Longitude"],
  delimiter: "comma",
  timeZone: "America/New_York",
  timestamps: { formats: ["MM/dd/yyyy hh:mm:ss a", "MM/dd/yyyy HH:mm:ss", "iso"] },
  columns: {
    lat: "Latitude",
    lng: "Longitude",
    address: { kind: "firstOf", columns: ["Incident Address", "Street Name"] },
    request_type: "Complaint Type",
    summary: { kind: "template", template: "{Complaint Type}: {Descriptor}" },
    description: { kind: "firstOf", columns: ["Descriptor", "Complaint Type"] },
    created_at: "Created Date",
    public_comment_1: "Resolution Description",
  },
  status: { column: "Status", open: ["Open", "Assigned", "Pending", "Started", "In Progress"], closed: ["Closed"], closedAt: "Closed Date" },
};

const boston311: SourceProfileInput = {
  name: "boston-311",
  description:
    "Boston 311 service requests from Analyze Boston (case_enquiry_id, open_dt, closed_dt, case_status, …, latitude, longitude, source). Assumes: open_dt/closed_dt are naive ISO local times (2022-01-21 13:47:00) in America/New_York; case_status Open/Closed with closed_dt as the close time; type is the request type and case_title the summary; location (else location_street_name) is the address; blank cells are a single space; the districts, queue, department and the rest go into the internal comment.",
  identifyingHeaders: ["case_enquiry_id", "open_dt", "target_dt", "closed_dt", "ontime", "case_status", "closure_reason", "case_title", "subject", "reason", "type", "queue", "department", "location", "latitude", "longitude", "source"],
  delimiter: "comma",
  timeZone: "America/New_York",
  timestamps: { formats: ["iso", "MM/dd/yyyy HH:mm:ss", "MM/dd/yyyy hh:mm:ss a"] },
  columns: {
    lat: "latitude",
    lng: "longitude",
    address: { kind: "firstOf", columns: ["location", "location_street_name"] },
    request_type: "type",
    summary: { kind: "firstOf", columns: ["case_title", "type"] },
    created_at: "open_dt",
  },
  status: { column: "case_status", open: ["Open"], closed: ["Closed"], closedAt: "closed_dt" },
};

export const builtinProfileInputs: readonly SourceProfileInput[] = [publicStuffCsv, publicStuffApi, webCentralCrt, open311Bulk, seeClickFixExport, nyc311, boston311];

let parsed: readonly SourceProfile[] | null = null;

/**
 * Parsed once, at the boundary, like any profile file, when first asked for: not at import,
 * where it cost every CLI start ~15-30 ms (zod, and the first time-zone lookup) that a canonical
 * `validate` never uses.
 */
export function builtinProfiles(): readonly SourceProfile[] {
  parsed ??= builtinProfileInputs.map((input) => sourceProfileSchema.parse(input));
  return parsed;
}

export function builtinProfile(name: string): SourceProfile | undefined {
  return builtinProfiles().find((profile) => profile.name === name);
}
