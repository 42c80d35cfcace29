package io.github.azkit.examples.video.library;

import java.io.ByteArrayInputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The whole video library: instructors and videos with sections and collateral, parsed from the one XML blob the
 * talk describes. Immutable and thread-safe: a new library is parsed aside and swapped in whole.
 *
 * @param instructors instructors by id, in file order
 * @param videos videos by id, in file order
 */
public record VideoLibrary(Map<String, Instructor> instructors, Map<String, Video> videos) {

    /**
     * An instructor.
     *
     * @param id the id
     * @param name the name
     */
    public record Instructor(String id, String name) {
    }

    /**
     * A section of a video, to jump to.
     *
     * @param title the title
     * @param startSeconds where it starts
     */
    public record Section(String title, int startSeconds) {
    }

    /**
     * A link to collateral (slides, code).
     *
     * @param title the title
     * @param href the address
     */
    public record Collateral(String title, String href) {
    }

    /**
     * A video.
     *
     * @param id the id
     * @param title the title
     * @param instructorId the instructor's id (the royalties go to them)
     * @param durationSeconds the length
     * @param published when it was published
     * @param description a description
     * @param sections sections in order
     * @param collateral collateral links
     */
    public record Video(String id, String title, String instructorId, int durationSeconds, LocalDate published,
            String description, List<Section> sections, List<Collateral> collateral) {
    }

    /**
     * A video by id.
     *
     * @param id the id
     * @return the video, or empty if the library has none by that id
     */
    public Optional<Video> video(String id) {
        return Optional.ofNullable(videos.get(id));
    }

    /**
     * Videos matching an optional instructor and an optional search text (in title or description, any case).
     *
     * @param instructorId an instructor id, or null for all
     * @param text words to look for, or null for all
     * @return the matching videos, in library order
     */
    public List<Video> search(String instructorId, String text) {
        String needle = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return videos.values().stream()
                .filter(v -> instructorId == null || instructorId.isEmpty() || v.instructorId().equals(instructorId))
                .filter(v -> needle.isEmpty() || v.title().toLowerCase(Locale.ROOT).contains(needle)
                        || v.description().toLowerCase(Locale.ROOT).contains(needle))
                .toList();
    }

    /**
     * Parses the library XML. External entities and DTDs are refused (the file is data, not a program).
     *
     * @param xml the XML bytes
     * @return the library
     * @throws IllegalArgumentException if the XML is malformed or a video names an unknown instructor; the message
     *     says where
     */
    public static VideoLibrary parse(byte[] xml) {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        Map<String, Instructor> instructors = new LinkedHashMap<>();
        Map<String, Video> videos = new LinkedHashMap<>();
        try {
            XMLStreamReader in = factory.createXMLStreamReader(new ByteArrayInputStream(xml));
            VideoBuilder current = null;
            while (in.hasNext()) {
                int event = in.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    switch (in.getLocalName()) {
                        case "Instructor" -> {
                            Instructor instructor = new Instructor(required(in, "id"), required(in, "name"));
                            instructors.put(instructor.id(), instructor);
                        }
                        case "Video" -> {
                            current = new VideoBuilder(required(in, "id"), required(in, "title"),
                                    required(in, "instructor"), Integer.parseInt(required(in, "durationSeconds")),
                                    LocalDate.parse(required(in, "published")));
                            if (!instructors.containsKey(current.instructorId)) {
                                throw new IllegalArgumentException("video '" + current.id + "' names instructor '"
                                        + current.instructorId + "', who is not listed before it (line "
                                        + in.getLocation().getLineNumber() + ")");
                            }
                        }
                        case "Description" -> {
                            if (current != null) {
                                current.description = in.getElementText().trim();
                            }
                        }
                        case "Section" -> {
                            if (current != null) {
                                current.sections.add(new Section(required(in, "title"),
                                        Integer.parseInt(required(in, "startSeconds"))));
                            }
                        }
                        case "Collateral" -> {
                            if (current != null) {
                                current.collateral.add(new Collateral(required(in, "title"), required(in, "href")));
                            }
                        }
                        default -> {
                        }
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT && in.getLocalName().equals("Video")
                        && current != null) {
                    videos.put(current.id, current.build());
                    current = null;
                }
            }
        } catch (XMLStreamException e) {
            throw new IllegalArgumentException("the video library is not well-formed XML: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException && e.getMessage() != null
                    && e.getMessage().startsWith("video '")) {
                throw e;
            }
            throw new IllegalArgumentException("the video library is invalid: " + e, e);
        }
        return new VideoLibrary(Map.copyOf(instructors), java.util.Collections.unmodifiableMap(videos));
    }

    private static String required(XMLStreamReader in, String attribute) {
        String value = in.getAttributeValue(null, attribute);
        if (value == null) {
            throw new IllegalArgumentException("<" + in.getLocalName() + "> at line " + in.getLocation().getLineNumber()
                    + " lacks the attribute '" + attribute + "'");
        }
        return value;
    }

    private static final class VideoBuilder {
        private final String id;
        private final String title;
        private final String instructorId;
        private final int durationSeconds;
        private final LocalDate published;
        private String description = "";
        private final List<Section> sections = new ArrayList<>();
        private final List<Collateral> collateral = new ArrayList<>();

        VideoBuilder(String id, String title, String instructorId, int durationSeconds, LocalDate published) {
            this.id = id;
            this.title = title;
            this.instructorId = instructorId;
            this.durationSeconds = durationSeconds;
            this.published = published;
        }

        Video build() {
            return new Video(id, title, instructorId, durationSeconds, published, description, List.copyOf(sections),
                    List.copyOf(collateral));
        }
    }
}
